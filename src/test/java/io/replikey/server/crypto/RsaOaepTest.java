package io.replikey.server.crypto;

import static io.replikey.server.crypto.Openssl.hex;
import static io.replikey.server.crypto.Openssl.ok;
import static io.replikey.server.crypto.Openssl.path;
import static io.replikey.server.crypto.Openssl.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RSA-OAEP against {@code openssl pkeyutl}, both ways, for every key size and hash. */
class RsaOaepTest extends OpensslCrossCheck {
    static Stream<Arguments> cases() {
        return Stream.of(2048, 3072, 4096).flatMap(bits -> Stream.of(DigestAlgorithm.values())
                .map(hash -> Arguments.of(bits, hash)));
    }

    private List<String> oaep(DigestAlgorithm hash, byte[] label) {
        List<String> options = new ArrayList<>(List.of("-pkeyopt", "rsa_padding_mode:oaep",
                "-pkeyopt", "rsa_oaep_md:" + TestKeys.openssl(hash), "-pkeyopt", "rsa_mgf1_md:" + TestKeys.openssl(hash)));
        if (label != null) {
            options.addAll(List.of("-pkeyopt", "rsa_oaep_label:" + hex(label)));
        }
        return options;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void replikeyAndOpensslDecryptEachOthersCiphertexts(int bits, DigestAlgorithm hash) {
        ObjectMaterial key = TestKeys.rsa(bits);
        PublicKey publicKey = TestKeys.publicKey(key);
        PrivateKey privateKey = TestKeys.privateKey(key);
        Path privateFile = ssl.file(key.value());
        Path publicFile = ssl.file(key.publicKey());
        int max = bits / 8 - 2 * hash.length() - 2;
        for (byte[] label : new byte[][] {null, random(9)}) {
            for (int length : new int[] {0, 1, max}) {
                byte[] plain = random(length);
                byte[] cipher = RsaOaep.encrypt(publicKey, hash, plain, label);
                assertThat(cipher).hasSize(bits / 8);
                Path decrypted = ssl.out();
                List<String> decrypt = new ArrayList<>(List.of("pkeyutl", "-decrypt", "-inkey", path(privateFile),
                        "-keyform", "DER", "-in", path(ssl.file(cipher)), "-out", path(decrypted)));
                decrypt.addAll(oaep(hash, label));
                ok(decrypt.toArray(String[]::new));
                assertThat(read(decrypted)).as("openssl decrypts %d bytes", length).isEqualTo(plain);

                Path encrypted = ssl.out();
                List<String> encrypt = new ArrayList<>(List.of("pkeyutl", "-encrypt", "-pubin", "-inkey",
                        path(publicFile), "-keyform", "DER", "-in", path(ssl.file(plain)), "-out", path(encrypted)));
                encrypt.addAll(oaep(hash, label));
                ok(encrypt.toArray(String[]::new));
                assertThat(RsaOaep.decrypt(privateKey, hash, read(encrypted), label)).isEqualTo(plain);
            }
        }
    }

    @Test
    void anythingButTheRightCiphertextLabelAndHashFailsAlike() {
        ObjectMaterial key = TestKeys.rsa(2048);
        PrivateKey privateKey = TestKeys.privateKey(key);
        byte[] label = random(5);
        byte[] cipher = RsaOaep.encrypt(TestKeys.publicKey(key), DigestAlgorithm.SHA256, random(20), label);

        for (int i = 0; i < cipher.length; i += 17) {
            byte[] altered = cipher.clone();
            altered[i] ^= 1;
            assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA256, altered, label), "decryption failed");
        }
        assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA256, cipher, null), "decryption failed");
        assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA1, cipher, label), "decryption failed");
        assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA256, Arrays.copyOf(cipher, 255), label),
                "cipher must be 256 bytes");
        assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA256, Arrays.copyOf(cipher, 257), label),
                "cipher must be 256 bytes");
        byte[] tooLarge = new byte[256];
        Arrays.fill(tooLarge, (byte) 0xff); // larger than the modulus
        assertBadRequest(() -> RsaOaep.decrypt(privateKey, DigestAlgorithm.SHA256, tooLarge, label), "decryption failed");
    }

    @Test
    void plaintextLongerThanOaepAllowsIsABadRequest() {
        PublicKey publicKey = TestKeys.publicKey(TestKeys.rsa(2048));
        assertBadRequest(() -> RsaOaep.encrypt(publicKey, DigestAlgorithm.SHA256, new byte[191], null), "at most 190 bytes");
        assertBadRequest(() -> RsaOaep.encrypt(publicKey, DigestAlgorithm.SHA1, new byte[215], null), "at most 214 bytes");
    }
}
