package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP (PKCS#1 v2.2) as DSM's {@code {"OAEP":{"mgf":{"mgf1":{"hash":H}}}}} padding: the OAEP
 * hash and the MGF1 hash are both H (DSM names only the MGF1 hash; one hash for both is what
 * PKCS#11's and OpenSSL's defaults do, and what {@code openssl pkeyutl -pkeyopt rsa_oaep_md:H}
 * produces). The optional {@code label} is the OAEP label (empty when null).
 *
 * <p>Every failure to decrypt is the same {@link BadRequestException} with the same text.
 * Stateless and thread-safe.
 */
public final class RsaOaep {
    private RsaOaep() {
    }

    /**
     * Encrypts {@code plain}, which may be at most {@code k - 2·hLen - 2} bytes ({@code k} the
     * modulus length in bytes).
     */
    public static byte[] encrypt(PublicKey key, DigestAlgorithm hash, byte[] plain, byte[] label) {
        int max = modulusBytes(key) - 2 * hash.length() - 2;
        if (plain.length > max) {
            throw new BadRequestException("plain is too long for RSA-OAEP with " + hash.wireName()
                    + " and this key: at most " + Math.max(max, 0) + " bytes");
        }
        return run(Cipher.ENCRYPT_MODE, key, hash, plain, label);
    }

    /** Decrypts {@code cipher} (exactly the modulus length); the caller zeroes the plaintext returned. */
    public static byte[] decrypt(PrivateKey key, DigestAlgorithm hash, byte[] cipher, byte[] label) {
        if (cipher.length != modulusBytes(key)) {
            throw new BadRequestException("cipher must be " + modulusBytes(key) + " bytes for this key");
        }
        return run(Cipher.DECRYPT_MODE, key, hash, cipher, label);
    }

    private static byte[] run(int direction, Key key, DigestAlgorithm hash, byte[] input, byte[] label) {
        OAEPParameterSpec parameters = new OAEPParameterSpec(hash.jcaName(), "MGF1",
                new MGF1ParameterSpec(hash.jcaName()),
                label == null ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(label));
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(direction, key, parameters);
            return cipher.doFinal(input);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new BadRequestException("decryption failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP unavailable", e);
        }
    }

    private static int modulusBytes(Key key) {
        return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    }
}
