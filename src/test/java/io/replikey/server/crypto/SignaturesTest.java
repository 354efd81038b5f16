package io.replikey.server.crypto;

import static io.replikey.server.crypto.Openssl.ok;
import static io.replikey.server.crypto.Openssl.path;
import static io.replikey.server.crypto.Openssl.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.replikey.server.crypto.Signatures.Pkcs1V15;
import io.replikey.server.crypto.Signatures.Pss;
import io.replikey.server.crypto.Signatures.RsaPadding;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures against the openssl CLI, both ways: over data with {@code openssl dgst}, over a
 * given hash with {@code openssl pkeyutl -pkeyopt digest:H} (which builds the PKCS#1 DigestInfo
 * itself, so replikey's DigestInfo is checked by an independent encoder).
 */
class SignaturesTest extends OpensslCrossCheck {
    private static final String VERIFIED = "Signature Verified Successfully";
    static Stream<Arguments> rsaCases() {
        return Stream.of(2048, 3072, 4096).flatMap(bits -> Stream.of(DigestAlgorithm.values())
                .flatMap(hash -> Stream.of(new Pkcs1V15(), new Pss(hash)).map(padding -> Arguments.of(bits, hash, padding))));
    }

    static Stream<Arguments> ecCases() {
        return Stream.of(EllipticCurve.values()).flatMap(curve -> Stream.of(DigestAlgorithm.values())
                .map(hash -> Arguments.of(curve, hash)));
    }

    private static byte[] digest(DigestAlgorithm hash, byte[] data) throws Exception {
        return MessageDigest.getInstance(hash.jcaName(), "SUN").digest(data);
    }

    /** openssl options for a padding: -sigopt for dgst, -pkeyopt for pkeyutl. */
    private static List<String> options(String flag, RsaPadding padding) {
        if (padding instanceof Pss pss) {
            return List.of(flag, "rsa_padding_mode:pss", flag, "rsa_pss_saltlen:digest",
                    flag, "rsa_mgf1_md:" + TestKeys.openssl(pss.mgfHash()));
        }
        return padding == null ? List.of() : List.of(flag, "rsa_padding_mode:pkcs1");
    }

    @ParameterizedTest
    @MethodSource("rsaCases")
    void rsaSignaturesVerifyWithOpensslAndTheOtherWayRound(int bits, DigestAlgorithm hash, RsaPadding padding)
            throws Exception {
        ObjectMaterial key = TestKeys.rsa(bits);
        crossCheck(key, hash, padding);
    }

    @ParameterizedTest
    @MethodSource("ecCases")
    void ecdsaSignaturesVerifyWithOpensslAndTheOtherWayRound(EllipticCurve curve, DigestAlgorithm hash) throws Exception {
        crossCheck(TestKeys.ec(curve), hash, null);
    }

    @Test
    void pssWithAnotherMgf1HashThanTheMessageHashIsRefusedAsDsmDoes() {
        PrivateKey key = TestKeys.privateKey(TestKeys.rsa(2048));
        assertBadRequest(() -> Signatures.sign(key, DigestAlgorithm.SHA256, new Pss(DigestAlgorithm.SHA1),
                new byte[] {1}, null), "PSS mgf1 hash must be hash_alg (SHA256)");
        assertBadRequest(() -> Signatures.verify(TestKeys.publicKey(TestKeys.rsa(2048)), DigestAlgorithm.SHA512,
                new Pss(DigestAlgorithm.SHA384), null, new byte[64], new byte[256]), "PSS mgf1 hash must be hash_alg");
    }

    private void crossCheck(ObjectMaterial key, DigestAlgorithm hash, RsaPadding padding) throws Exception {
        PrivateKey privateKey = TestKeys.privateKey(key);
        PublicKey publicKey = TestKeys.publicKey(key);
        Path privateFile = ssl.file(key.value());
        Path publicFile = ssl.file(key.publicKey());
        String md = "-" + TestKeys.openssl(hash);
        byte[] data = new byte[1 + RANDOM.nextInt(300)];
        RANDOM.nextBytes(data);
        byte[] digest = digest(hash, data);
        Path dataFile = ssl.file(data);
        Path digestFile = ssl.file(digest);

        // replikey signs, openssl verifies: over data with dgst, over the hash with pkeyutl.
        byte[] overData = Signatures.sign(privateKey, hash, padding, data, null);
        byte[] overHash = Signatures.sign(privateKey, hash, padding, null, digest);
        List<String> dgst = new ArrayList<>(List.of("dgst", md, "-verify", path(publicFile), "-keyform", "DER",
                "-signature", path(ssl.file(overData))));
        dgst.addAll(options("-sigopt", padding));
        dgst.add(path(dataFile));
        assertThat(ok(dgst.toArray(String[]::new))).contains("Verified OK");
        List<String> pkeyutl = new ArrayList<>(List.of("pkeyutl", "-verify", "-pubin", "-inkey", path(publicFile),
                "-keyform", "DER", "-pkeyopt", "digest:" + TestKeys.openssl(hash), "-in", path(digestFile),
                "-sigfile", path(ssl.file(overHash))));
        pkeyutl.addAll(options("-pkeyopt", padding));
        assertThat(ok(pkeyutl.toArray(String[]::new))).contains(VERIFIED);

        // openssl signs, replikey verifies, each signature over data and over the hash alike.
        Path opensslOverData = ssl.out();
        List<String> dgstSign = new ArrayList<>(List.of("dgst", md, "-sign", path(privateFile), "-keyform", "DER",
                "-out", path(opensslOverData)));
        dgstSign.addAll(options("-sigopt", padding));
        dgstSign.add(path(dataFile));
        ok(dgstSign.toArray(String[]::new));
        Path opensslOverHash = ssl.out();
        List<String> pkeyutlSign = new ArrayList<>(List.of("pkeyutl", "-sign", "-inkey", path(privateFile),
                "-keyform", "DER", "-pkeyopt", "digest:" + TestKeys.openssl(hash), "-in", path(digestFile),
                "-out", path(opensslOverHash)));
        pkeyutlSign.addAll(options("-pkeyopt", padding));
        ok(pkeyutlSign.toArray(String[]::new));
        for (byte[] signature : List.of(read(opensslOverData), read(opensslOverHash), overData, overHash)) {
            assertThat(Signatures.verify(publicKey, hash, padding, data, null, signature)).isTrue();
            assertThat(Signatures.verify(publicKey, hash, padding, null, digest, signature)).isTrue();
        }
        if (key.type() == ObjectType.RSA && !(padding instanceof Pss)) {
            // PKCS#1 v1.5 is deterministic: the very bytes openssl makes.
            assertThat(overData).isEqualTo(read(opensslOverData)).isEqualTo(overHash);
        }
        // And a signature over other data does not verify.
        byte[] otherData = data.clone();
        otherData[0] ^= 1;
        assertThat(Signatures.verify(publicKey, hash, padding, otherData, null, overData)).isFalse();
        assertThat(Signatures.verify(publicKey, hash, padding, null, digest(hash, otherData), overHash)).isFalse();
    }

    @Test
    void noPaddingMeansPkcs1V15ForRsa() {
        ObjectMaterial key = TestKeys.rsa(2048);
        byte[] data = {1, 2, 3};
        byte[] signature = Signatures.sign(TestKeys.privateKey(key), DigestAlgorithm.SHA256, null, data, null);

        assertThat(Signatures.verify(TestKeys.publicKey(key), DigestAlgorithm.SHA256, new Pkcs1V15(), data, null, signature))
                .isTrue();
        assertThat(Signatures.verify(TestKeys.publicKey(key), DigestAlgorithm.SHA256, new Pss(DigestAlgorithm.SHA256),
                data, null, signature)).isFalse();
    }

    @Test
    void malformedSignaturesVerifyAsFalseNeverAsACrash() {
        Random random = new Random(7);
        for (ObjectMaterial key : List.of(TestKeys.rsa(2048), TestKeys.ec(EllipticCurve.NIST_P256),
                TestKeys.ec(EllipticCurve.NIST_P521))) {
            PublicKey publicKey = TestKeys.publicKey(key);
            byte[] data = {4, 5, 6};
            for (RsaPadding padding : key.type() == ObjectType.RSA
                    ? new RsaPadding[] {new Pkcs1V15(), new Pss(DigestAlgorithm.SHA256)} : new RsaPadding[] {null}) {
                byte[] good = Signatures.sign(TestKeys.privateKey(key), DigestAlgorithm.SHA256, padding, data, null);
                List<byte[]> bad = new ArrayList<>(List.of(new byte[0], new byte[1], Arrays.copyOf(good, good.length - 1),
                        Arrays.copyOf(good, good.length + 1), new byte[] {0x30, 0x00}));
                for (int i = 0; i < good.length; i += 7) {
                    byte[] flipped = good.clone();
                    flipped[i] ^= 1;
                    bad.add(flipped);
                }
                for (int i = 0; i < 200; i++) {
                    byte[] noise = new byte[random.nextInt(600)];
                    random.nextBytes(noise);
                    bad.add(noise);
                }
                for (byte[] signature : bad) {
                    assertThatCode(() -> assertThat(Signatures.verify(publicKey, DigestAlgorithm.SHA256, padding, data,
                            null, signature)).isFalse()).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void badArgumentsAreBadRequests() {
        PrivateKey rsa = TestKeys.privateKey(TestKeys.rsa(2048));
        PrivateKey ec = TestKeys.privateKey(TestKeys.ec(EllipticCurve.NIST_P256));
        byte[] data = {1};
        assertBadRequest(() -> Signatures.sign(rsa, null, null, data, null), "hash_alg is required");
        assertBadRequest(() -> Signatures.sign(rsa, DigestAlgorithm.SHA256, null, null, null), "exactly one of hash and data");
        assertBadRequest(() -> Signatures.sign(rsa, DigestAlgorithm.SHA256, null, data, new byte[32]),
                "exactly one of hash and data");
        for (int length : new int[] {0, 20, 31, 33, 64}) {
            assertBadRequest(() -> Signatures.sign(rsa, DigestAlgorithm.SHA256, null, null, new byte[length]),
                    "hash must be 32 bytes for SHA256");
            assertBadRequest(() -> Signatures.sign(ec, DigestAlgorithm.SHA256, null, null, new byte[length]),
                    "hash must be 32 bytes for SHA256");
            assertBadRequest(() -> Signatures.verify(TestKeys.publicKey(TestKeys.rsa(2048)), DigestAlgorithm.SHA256,
                    null, null, new byte[length], new byte[256]), "hash must be 32 bytes for SHA256");
        }
        assertBadRequest(() -> Signatures.sign(ec, DigestAlgorithm.SHA256, new Pkcs1V15(), data, null),
                "mode applies only to RSA keys");
        assertBadRequest(() -> Signatures.sign(ec, DigestAlgorithm.SHA256, new Pss(DigestAlgorithm.SHA256), data, null),
                "mode applies only to RSA keys");
    }

    @Test
    void aKeyTooSmallForPssWithTheHashIsABadRequest() {
        Path small = ssl.out();
        ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path(small));
        Path der = ssl.out();
        ok("pkcs8", "-topk8", "-nocrypt", "-in", path(small), "-outform", "DER", "-out", path(der));
        PrivateKey key = ObjectKeys.privateKey(ObjectType.RSA, ObjectKeys.importValue(ObjectType.RSA, read(der)).value());

        // PSS needs 2 + hLen + sLen = 130 bytes; a 1024-bit modulus gives 128.
        assertBadRequest(() -> Signatures.sign(key, DigestAlgorithm.SHA512, new Pss(DigestAlgorithm.SHA512),
                new byte[] {1}, null), "too small");
        assertBadRequest(() -> Signatures.sign(key, DigestAlgorithm.SHA512, new Pss(DigestAlgorithm.SHA512),
                null, new byte[64]), "too small");
    }
}
