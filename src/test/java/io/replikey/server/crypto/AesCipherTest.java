package io.replikey.server.crypto;

import static io.replikey.server.crypto.Openssl.hex;
import static io.replikey.server.crypto.Openssl.ok;
import static io.replikey.server.crypto.Openssl.path;
import static io.replikey.server.crypto.Openssl.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.crypto.AesCipher.Encrypted;
import io.replikey.server.crypto.AesCipher.Mode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AES against independent implementations: CBC against the openssl CLI both ways; GCM (which
 * {@code openssl enc} does not support) against the JDK's own SunJCE provider named explicitly,
 * so the check is independent of the provider replikey runs on (ACCP in production).
 */
class AesCipherTest extends OpensslCrossCheck {
    private static final int[] PLAIN_LENGTHS = {0, 1, 15, 16, 17, 100, 1000};
    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void cbcCiphertextsDecryptWithOpensslAndTheOtherWayRound(int bits) {
        byte[] key = random(bits / 8);
        for (int length : PLAIN_LENGTHS) {
            byte[] plain = random(length);
            Encrypted encrypted = AesCipher.encrypt(key, Mode.CBC, plain, null, null, null);
            assertThat(encrypted.iv()).hasSize(16);
            assertThat(encrypted.tag()).isNull();
            assertThat(encrypted.cipher()).hasSize((length / 16 + 1) * 16);
            Path decrypted = ssl.out();
            ok("enc", "-d", "-aes-" + bits + "-cbc", "-K", hex(key), "-iv", hex(encrypted.iv()),
                    "-in", path(ssl.file(encrypted.cipher())), "-out", path(decrypted));
            assertThat(read(decrypted)).as("openssl decrypts %d bytes", length).isEqualTo(plain);

            byte[] iv = random(16);
            Path opensslCipher = ssl.out();
            ok("enc", "-aes-" + bits + "-cbc", "-K", hex(key), "-iv", hex(iv), "-in", path(ssl.file(plain)),
                    "-out", path(opensslCipher));
            assertThat(AesCipher.decrypt(key, Mode.CBC, read(opensslCipher), iv, null, null)).isEqualTo(plain);
            // A given IV is used as given: the very bytes openssl produced.
            assertThat(AesCipher.encrypt(key, Mode.CBC, plain, iv, null, null).cipher()).isEqualTo(read(opensslCipher));
        }
    }

    static Stream<Arguments> gcmCases() {
        return Stream.of(128, 192, 256).flatMap(bits -> Stream.of(96, 104, 112, 120, 128)
                .flatMap(tagBits -> Stream.of(1, 12, 16, 60).map(ivLength -> Arguments.of(bits, tagBits, ivLength))));
    }

    @ParameterizedTest
    @MethodSource("gcmCases")
    void gcmMatchesTheJdksSunJceBothWays(int bits, int tagBits, int ivLength) throws Exception {
        byte[] key = random(bits / 8);
        for (byte[] ad : new byte[][] {null, random(1), random(45)}) {
            for (int length : PLAIN_LENGTHS) {
                byte[] plain = random(length);
                byte[] iv = random(ivLength);
                Encrypted encrypted = AesCipher.encrypt(key, Mode.GCM, plain, iv, ad, tagBits);
                assertThat(encrypted.tag()).hasSize(tagBits / 8);
                assertThat(encrypted.cipher()).hasSize(length);
                assertThat(encrypted.iv()).isEqualTo(iv);
                byte[] joined = concat(encrypted.cipher(), encrypted.tag());

                assertThat(sunJce(Cipher.DECRYPT_MODE, key, iv, tagBits, ad, joined)).isEqualTo(plain);
                byte[] reference = sunJce(Cipher.ENCRYPT_MODE, key, iv, tagBits, ad, plain);
                assertThat(joined).as("same bytes as SunJCE").isEqualTo(reference);
                byte[] tag = Arrays.copyOfRange(reference, length, reference.length);
                assertThat(AesCipher.decrypt(key, Mode.GCM, Arrays.copyOf(reference, length), iv, ad, tag))
                        .isEqualTo(plain);
            }
        }
    }

    @Test
    void randomIvsAre96BitsForGcmAnd128ForCbcAndFreshEachTime() throws Exception {
        byte[] key = random(32);
        Encrypted first = AesCipher.encrypt(key, Mode.GCM, new byte[] {1}, null, null, null);
        Encrypted second = AesCipher.encrypt(key, Mode.GCM, new byte[] {1}, null, null, null);

        assertThat(first.iv()).hasSize(12).isNotEqualTo(second.iv());
        assertThat(first.tag()).as("default tag_len 128").hasSize(16);
        assertThat(sunJce(Cipher.DECRYPT_MODE, key, first.iv(), 128, null, concat(first.cipher(), first.tag())))
                .containsExactly(1);
        Encrypted cbc = AesCipher.encrypt(key, Mode.CBC, new byte[] {1}, null, null, null);
        assertThat(cbc.iv()).hasSize(16).isNotEqualTo(AesCipher.encrypt(key, Mode.CBC, new byte[] {1}, null, null, null).iv());
    }

    @Test
    void gcmRefusesEveryAlteration() {
        byte[] key = random(32);
        byte[] ad = random(20);
        byte[] plain = random(40);
        Encrypted e = AesCipher.encrypt(key, Mode.GCM, plain, null, ad, 128);
        for (int i = 0; i < e.cipher().length; i++) {
            byte[] cipher = e.cipher().clone();
            cipher[i] ^= 1;
            assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, cipher, e.iv(), ad, e.tag()), "decryption failed");
        }
        for (int i = 0; i < e.tag().length; i++) {
            byte[] tag = e.tag().clone();
            tag[i] ^= (byte) 0x80;
            assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), ad, tag), "decryption failed");
        }
        byte[] otherIv = e.iv().clone();
        otherIv[0] ^= 1;
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), otherIv, ad, e.tag()), "decryption failed");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), null, e.tag()), "decryption failed");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), random(20), e.tag()),
                "decryption failed");
        assertBadRequest(() -> AesCipher.decrypt(random(32), Mode.GCM, e.cipher(), e.iv(), ad, e.tag()),
                "decryption failed");
        // GCM's shorter tags are prefixes of the full tag (SP 800-38D MSB_t): the tag length is the
        // tag's own length, so a cut tag verifies with the strength of its new length, not more.
        assertThat(AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), ad, Arrays.copyOf(e.tag(), 12))).isEqualTo(plain);
        byte[] cutAndFlipped = Arrays.copyOf(e.tag(), 12);
        cutAndFlipped[11] ^= 1;
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), ad, cutAndFlipped),
                "decryption failed");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, Arrays.copyOf(e.cipher(), 39), e.iv(), ad, e.tag()),
                "decryption failed");
    }

    @Test
    void gcmRefusesMalformedArguments() {
        byte[] key = random(16);
        Encrypted e = AesCipher.encrypt(key, Mode.GCM, random(10), null, null, null);
        for (int tagLen : new int[] {0, 32, 64, 95, 100, 136}) {
            assertBadRequest(() -> AesCipher.encrypt(key, Mode.GCM, random(10), null, null, tagLen),
                    "tag_len must be 96, 104, 112, 120 or 128");
        }
        for (byte[] tag : new byte[][] {null, new byte[0], new byte[11], new byte[17], new byte[8]}) {
            assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), e.iv(), null, tag),
                    "tag of 12 to 16 bytes is required");
        }
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), null, null, e.tag()), "iv is required");
        assertBadRequest(() -> AesCipher.encrypt(key, Mode.GCM, random(10), new byte[0], null, null), "1 to 128 bytes");
        assertBadRequest(() -> AesCipher.encrypt(key, Mode.GCM, random(10), new byte[129], null, null), "1 to 128 bytes");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.GCM, e.cipher(), new byte[0], null, e.tag()), "1 to 128 bytes");
    }

    @Test
    void cbcRefusesMalformedInputWithoutAPaddingOracle() {
        byte[] key = random(32);
        Encrypted e = AesCipher.encrypt(key, Mode.CBC, random(30), null, null, null);
        byte[] badPadding = e.cipher().clone();
        // A flipped last byte of the second-to-last block changes the last plaintext byte: the padding.
        badPadding[15] ^= 0x7f;
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.CBC, badPadding, e.iv(), null, null), "decryption failed");
        for (int length : new int[] {0, 1, 15, 17, 31}) {
            assertBadRequest(() -> AesCipher.decrypt(key, Mode.CBC, Arrays.copyOf(e.cipher(), length), e.iv(), null, null),
                    "positive multiple of 16");
        }
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.CBC, e.cipher(), Arrays.copyOf(e.iv(), 12), null, null),
                "iv for CBC must be 16 bytes");
        assertBadRequest(() -> AesCipher.encrypt(key, Mode.CBC, random(3), new byte[12], null, null),
                "iv for CBC must be 16 bytes");
        assertBadRequest(() -> AesCipher.encrypt(key, Mode.CBC, random(3), null, random(4), null), "apply only to GCM");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.CBC, e.cipher(), e.iv(), null, random(16)), "apply only to GCM");
        assertBadRequest(() -> AesCipher.decrypt(key, Mode.CBC, e.cipher(), null, null, null), "iv is required");
    }

    @Test
    void modesParseAsDsmSpellsThem() {
        assertThat(Mode.parse("GCM")).isEqualTo(Mode.GCM);
        assertThat(Mode.parse("CBC")).isEqualTo(Mode.CBC);
        for (String other : new String[] {"gcm", "ECB", "CBCNOPAD", "CTR", "", null}) {
            assertBadRequest(() -> Mode.parse(other), "must be GCM or CBC");
        }
    }

    private static byte[] sunJce(int direction, byte[] key, byte[] iv, int tagBits, byte[] ad, byte[] input)
            throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        cipher.init(direction, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBits, iv));
        if (ad != null) {
            cipher.updateAAD(ad);
        }
        return cipher.doFinal(input);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
