package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * DSM {@code CryptMode}, the {@code mode} of encrypt and decrypt: a {@link CipherMode} string
 * ({@code "GCM"}) for symmetric keys, or an {@code RsaEncryptionPadding} object for RSA
 * ({@code {"OAEP":{"mgf":{"mgf1":{"hash":"SHA256"}}}}}, {@code {"PKCS1_V15":{}}}, {@code {"RAW_DECRYPT":{}}}).
 * Exactly one of {@code cipher} and {@code rsa} is set.
 */
public record CryptMode(CipherMode cipher, RsaEncryptionPadding rsa) {

    public CryptMode {
        if ((cipher == null) == (rsa == null)) {
            throw new IllegalArgumentException("a mode is a cipher mode or an RSA padding");
        }
    }

    public static CryptMode of(CipherMode cipher) {
        return new CryptMode(cipher, null);
    }

    /** A string creator, not a {@link CipherMode} one: Jackson would then send objects to it too. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CryptMode ofName(String cipherMode) {
        return of(CipherMode.valueOf(cipherMode));
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static CryptMode ofRsaPadding(@JsonProperty("OAEP") Oaep oaep, @JsonProperty("PKCS1_V15") NoOptions pkcs1V15,
            @JsonProperty("RAW_DECRYPT") NoOptions rawDecrypt) {
        return new CryptMode(null, new RsaEncryptionPadding(oaep, pkcs1V15, rawDecrypt));
    }

    public static CryptMode rsaOaep(DigestAlgorithm mgf1Hash) {
        return new CryptMode(null, new RsaEncryptionPadding(new Oaep(Mgf.mgf1(mgf1Hash)), null, null));
    }

    @JsonValue
    Object json() {
        return cipher != null ? cipher : rsa;
    }

    /** DSM {@code RsaEncryptionPadding}: exactly one of its fields is set. */
    public record RsaEncryptionPadding(@JsonProperty("OAEP") Oaep oaep, @JsonProperty("PKCS1_V15") NoOptions pkcs1V15,
            @JsonProperty("RAW_DECRYPT") NoOptions rawDecrypt) {

        public RsaEncryptionPadding {
            int given = (oaep != null ? 1 : 0) + (pkcs1V15 != null ? 1 : 0) + (rawDecrypt != null ? 1 : 0);
            if (given != 1) {
                throw new IllegalArgumentException("an RSA padding is exactly one of OAEP, PKCS1_V15, RAW_DECRYPT");
            }
        }
    }

    /** DSM {@code RsaEncryptionPaddingOaep}: OAEP with its MGF1 hash (also the OAEP label hash, as in DSM). */
    public record Oaep(Mgf mgf) {
    }
}
