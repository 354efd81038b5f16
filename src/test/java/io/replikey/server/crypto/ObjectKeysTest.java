package io.replikey.server.crypto;

import static io.replikey.server.crypto.Openssl.hex;
import static io.replikey.server.crypto.Openssl.ok;
import static io.replikey.server.crypto.Openssl.path;
import static io.replikey.server.crypto.Openssl.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.error.BadRequestException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest extends OpensslCrossCheck {
    // openssl-generated keys, PEM, one per size or curve: RSA-4096 generation takes seconds.
    private static final Map<String, Path> OPENSSL_KEYS = new ConcurrentHashMap<>();
    @TempDir
    static Path keysDir;

    private static Path opensslKey(String algorithm, String option) {
        return OPENSSL_KEYS.computeIfAbsent(algorithm + option, name -> {
            Path pem = keysDir.resolve(name.replace(':', '-') + ".pem");
            ok("genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", path(pem));
            return pem;
        });
    }

    private byte[] convert(Path pem, String... args) {
        Path out = ssl.out();
        String[] command = new String[args.length + 4];
        System.arraycopy(args, 0, command, 0, args.length);
        System.arraycopy(new String[] {"-in", path(pem), "-out", path(out)}, 0, command, args.length, 4);
        ok(command);
        return read(out);
    }

    /** OpenSSL 3.0's {@code pkey -outform DER} writes the traditional (PKCS#1, SEC1) form; this is PKCS#8. */
    private byte[] pkcs8(Path pem) {
        return convert(pem, "pkcs8", "-topk8", "-nocrypt", "-outform", "DER");
    }

    private byte[] opensslSpki(Path pem) {
        return convert(pem, "pkey", "-pubout", "-outform", "DER");
    }

    // --- generation ---

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void generatedAesKeysHaveTheirSizeAndTheKcvOpensslComputes(int bits) {
        ObjectMaterial key = ObjectKeys.generate(ObjectType.AES, bits, null);
        byte[] value = key.value();

        assertThat(value).hasSize(bits / 8);
        assertThat(key.keySize()).isEqualTo(bits);
        assertThat(key.publicKey()).isNull();
        assertThat(key.hasSecret()).isTrue();
        Path zeros = ssl.file(new byte[16]);
        Path out = ssl.out();
        ok("enc", "-aes-" + bits + "-ecb", "-nopad", "-K", hex(value), "-in", path(zeros), "-out", path(out));
        assertThat(key.kcv()).isEqualTo(hex(Arrays.copyOf(read(out), 3)));
        assertThat(ObjectKeys.generate(ObjectType.AES, bits, null).value()).isNotEqualTo(value);
    }

    @Test
    void kcvMatchesTheFips197KnownAnswer() {
        // AES-128 under the all-zero key maps the zero block to 66e94bd4ef8a2c3b884cfa59ca342b2e.
        assertThat(ObjectKeys.importValue(ObjectType.AES, new byte[16]).kcv()).isEqualTo("66e94b");
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void generatedRsaKeysAreReadByOpensslWithTheSamePublicKey(int bits) {
        ObjectMaterial key = ObjectKeys.generate(ObjectType.RSA, bits, null);
        Path pkcs8 = ssl.file(key.value());

        assertThat(key.keySize()).isEqualTo(bits);
        assertThat(key.kcv()).isNull();
        assertThat(convert(pkcs8, "pkey", "-inform", "DER", "-pubout", "-outform", "DER")).isEqualTo(key.publicKey());
        assertThat(ok("pkey", "-inform", "DER", "-in", path(pkcs8), "-check", "-noout"))
                .contains("Key is valid");
        assertThat(ok("pkey", "-inform", "DER", "-in", path(pkcs8), "-text", "-noout"))
                .contains("Private-Key: (" + bits + " bit, 2 primes)", "publicExponent: 65537");
    }

    @ParameterizedTest
    @EnumSource(EllipticCurve.class)
    void generatedEcKeysAreReadByOpensslOnTheirCurve(EllipticCurve curve) {
        ObjectMaterial key = ObjectKeys.generate(ObjectType.EC, null, curve);
        Path pkcs8 = ssl.file(key.value());

        assertThat(key.curve()).isEqualTo(curve);
        assertThat(key.keySize()).isEqualTo(curve.bits());
        assertThat(convert(pkcs8, "pkey", "-inform", "DER", "-pubout", "-outform", "DER")).isEqualTo(key.publicKey());
        assertThat(ok("pkey", "-inform", "DER", "-in", path(pkcs8), "-check", "-noout")).contains("Key is valid");
        assertThat(ok("pkey", "-inform", "DER", "-in", path(pkcs8), "-text", "-noout"))
                .contains("NIST CURVE: " + opensslName(curve));
    }

    @Test
    void hmacAndSecretSizesAreWholeBytesInDsmsRange() {
        assertThat(ObjectKeys.generate(ObjectType.HMAC, 112, null).value()).hasSize(14);
        assertThat(ObjectKeys.generate(ObjectType.HMAC, 8192, null).value()).hasSize(1024);
        assertThat(ObjectKeys.generate(ObjectType.SECRET, 8, null).value()).hasSize(1);
        ObjectMaterial secret = ObjectKeys.generate(ObjectType.SECRET, 256, null);
        assertThat(secret.keySize()).isEqualTo(256);
        assertThat(secret.kcv()).isNull();
        for (int bits : new int[] {104, 260, 8200, 0, -8}) {
            assertBadRequest(() -> ObjectKeys.generate(ObjectType.HMAC, bits, null), "key_size must be 112 to 8192");
        }
        for (int bits : new int[] {0, 12, 8200}) {
            assertBadRequest(() -> ObjectKeys.generate(ObjectType.SECRET, bits, null), "key_size must be 8 to 8192");
        }
    }

    @Test
    void generationRefusesSizesAndShapesDsmWouldNot() {
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.AES, null, null), "key_size is required");
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.AES, 64, null), "key_size must be 128, 192 or 256");
        for (int bits : new int[] {1024, 2047, 2049, 8192}) {
            assertBadRequest(() -> ObjectKeys.generate(ObjectType.RSA, bits, null), "key_size must be 2048, 3072 or 4096");
        }
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.EC, null, null), "elliptic_curve is required");
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.EC, 384, EllipticCurve.NIST_P256), "does not match");
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.AES, 256, EllipticCurve.NIST_P256), "only to EC");
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.OPAQUE, 256, null), "can only be imported");
        assertBadRequest(() -> ObjectKeys.generate(ObjectType.CERTIFICATE, null, null), "can only be imported");
    }

    // --- import of raw material ---

    @Test
    void rawMaterialImportsAsGivenAndIsCopied() {
        byte[] value = random(24);
        ObjectMaterial aes = ObjectKeys.importValue(ObjectType.AES, value);
        byte[] original = value.clone();
        value[0] ^= 1;

        assertThat(aes.value()).isEqualTo(original);
        assertThat(aes.keySize()).isEqualTo(192);
        assertThat(aes.kcv()).isEqualTo(ObjectKeys.kcv(original));
        assertThat(ObjectKeys.importValue(ObjectType.OPAQUE, new byte[] {7}).value()).containsExactly(7);
        assertThat(ObjectKeys.importValue(ObjectType.SECRET, new byte[65536]).keySize()).isEqualTo(65536 * 8);
        assertThat(ObjectKeys.importValue(ObjectType.HMAC, new byte[14]).keySize()).isEqualTo(112);
    }

    @Test
    void rawMaterialOfTheWrongSizeIsRefused() {
        for (int length : new int[] {1, 15, 17, 31, 33, 64}) {
            assertBadRequest(() -> ObjectKeys.importValue(ObjectType.AES, new byte[length]), "16, 24 or 32 bytes");
        }
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.HMAC, new byte[13]), "14 to 1024 bytes");
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.HMAC, new byte[1025]), "14 to 1024 bytes");
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.SECRET, new byte[65537]), "1 to 65536 bytes");
        for (ObjectType type : ObjectType.values()) {
            assertBadRequest(() -> ObjectKeys.importValue(type, new byte[0]), "value is required");
            assertBadRequest(() -> ObjectKeys.importValue(type, null), "value is required");
        }
    }

    // --- import of openssl-generated keys ---

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void rsaKeysImportInEveryEncodingOpensslWrites(int bits) {
        Path pem = opensslKey("RSA", "rsa_keygen_bits:" + bits);
        byte[] spki = opensslSpki(pem);
        Map<String, byte[]> privates = Map.of(
                "PKCS#8", pkcs8(pem),
                "PKCS#1", convert(pem, "rsa", "-traditional", "-outform", "DER"));
        Map<String, byte[]> publics = Map.of(
                "SPKI", spki,
                "PKCS#1 public", convert(pem, "rsa", "-RSAPublicKey_out", "-outform", "DER"));

        privates.forEach((format, der) -> {
            ObjectMaterial key = ObjectKeys.importValue(ObjectType.RSA, der);
            assertThat(key.publicKey()).as(format).isEqualTo(spki);
            assertThat(key.keySize()).isEqualTo(bits);
            assertThat(key.hasSecret()).isTrue();
            assertThat(key.value()).as("exported as imported").isEqualTo(der);
            assertThat(((RSAPublicKey) ObjectKeys.publicKey(ObjectType.RSA, key.value())).getModulus().bitLength())
                    .isEqualTo(bits);
            assertThat(ObjectKeys.privateKey(ObjectType.RSA, key.value()).getAlgorithm()).isEqualTo("RSA");
        });
        publics.forEach((format, der) -> {
            ObjectMaterial key = ObjectKeys.importValue(ObjectType.RSA, der);
            assertThat(key.publicKey()).as(format).isEqualTo(spki);
            assertThat(key.hasSecret()).isFalse();
            assertBadRequest(() -> ObjectKeys.privateKey(ObjectType.RSA, der), "no private key");
        });
    }

    @ParameterizedTest
    @EnumSource(EllipticCurve.class)
    void ecKeysImportInEveryEncodingOpensslWrites(EllipticCurve curve) {
        Path pem = opensslKey("EC", "ec_paramgen_curve:" + opensslName(curve));
        byte[] spki = opensslSpki(pem);
        Map<String, byte[]> encodings = Map.of(
                "PKCS#8", pkcs8(pem),
                "SEC1", convert(pem, "ec", "-outform", "DER"),
                "SEC1 without public key", convert(pem, "ec", "-no_public", "-outform", "DER"),
                "SPKI", spki,
                "SPKI compressed", convert(pem, "ec", "-pubout", "-conv_form", "compressed", "-outform", "DER"));

        encodings.forEach((format, der) -> {
            ObjectMaterial key = ObjectKeys.importValue(ObjectType.EC, der);
            assertThat(key.publicKey()).as(format).isEqualTo(spki);
            assertThat(key.curve()).isEqualTo(curve);
            assertThat(key.keySize()).isEqualTo(curve.bits());
            assertThat(key.hasSecret()).as(format).isEqualTo(!format.startsWith("SPKI"));
            assertThat(key.value()).isEqualTo(der);
        });
    }

    @Test
    void certificatesImportWithTheirPublicKey() {
        Path key = opensslKey("EC", "ec_paramgen_curve:P-384");
        Path certificate = ssl.out();
        ok("req", "-x509", "-new", "-key", path(key), "-subj", "/CN=replikey test", "-days", "2", "-outform", "DER",
                "-out", path(certificate));
        byte[] der = read(certificate);

        ObjectMaterial imported = ObjectKeys.importValue(ObjectType.CERTIFICATE, der);

        assertThat(imported.publicKey()).isEqualTo(opensslSpki(key));
        assertThat(imported.value()).isEqualTo(der);
        assertThat(imported.hasSecret()).isFalse();
        assertThat(imported.keySize()).isNull();
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.CERTIFICATE, Arrays.copyOf(der, der.length - 1)),
                "not a DER-encoded X.509 certificate");
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.CERTIFICATE, opensslSpki(key)),
                "not a DER-encoded X.509 certificate");
    }

    // --- import of bad keys ---

    @Test
    void keysOfAnotherAlgorithmCurveOrSizeAreRefused() {
        byte[] ec = pkcs8(opensslKey("EC", "ec_paramgen_curve:P-256"));
        byte[] rsa = pkcs8(opensslKey("RSA", "rsa_keygen_bits:2048"));
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.RSA, ec), "another algorithm than RSA");
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, rsa), "another algorithm than EC");

        Path k1 = opensslKey("EC", "ec_paramgen_curve:secp256k1");
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, pkcs8(k1)),
                "named curve");
        Path explicit = ssl.out();
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:explicit",
                "-out", path(explicit));
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, pkcs8(explicit)),
                "named curve");
        Path ed25519 = ssl.out();
        ok("genpkey", "-algorithm", "ED25519", "-out", path(ed25519));
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, pkcs8(ed25519)),
                "another algorithm than EC");
        Path small = ssl.out();
        ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768", "-out", path(small));
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.RSA, pkcs8(small)),
                "RSA modulus must be 1024 to 8192 bits");
    }

    @Test
    void inconsistentPrivateKeysAreRefused() throws Exception {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(
                convert(opensslKey("RSA", "rsa_keygen_bits:2048"), "rsa", "-traditional", "-outform", "DER"));
        // Another private exponent: every field parses, but the key no longer matches its modulus.
        byte[] wrongExponent = new RSAPrivateKey(rsa.getModulus(), rsa.getPublicExponent(),
                rsa.getPrivateExponent().add(BigInteger.TWO), rsa.getPrime1(), rsa.getPrime2(), rsa.getExponent1(),
                rsa.getExponent2().add(BigInteger.TWO), rsa.getCoefficient()).getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> ObjectKeys.importValue(ObjectType.RSA, wrongExponent))
                .isInstanceOf(BadRequestException.class);

        ECPrivateKey a = ECPrivateKey.getInstance(
                convert(opensslKey("EC", "ec_paramgen_curve:P-256"), "ec", "-outform", "DER"));
        byte[] other = convert(opensslKey("EC", "ec_paramgen_curve:prime256v1"), "ec", "-outform", "DER");
        DERBitString otherPublic = new DERBitString(ECPrivateKey.getInstance(other).getPublicKey().getBytes());
        byte[] mismatched = new ECPrivateKey(256, a.getKey(), otherPublic, SECObjectIdentifiers.secp256r1)
                .getEncoded(ASN1Encoding.DER);
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, mismatched), "not a consistent EC private key");
        byte[] zeroScalar = new ECPrivateKey(256, BigInteger.ZERO, SECObjectIdentifiers.secp256r1)
                .getEncoded(ASN1Encoding.DER);
        assertBadRequest(() -> ObjectKeys.importValue(ObjectType.EC, zeroScalar), "not a valid EC key");
    }

    @ParameterizedTest
    @EnumSource(value = ObjectType.class, names = {"RSA", "EC", "CERTIFICATE"})
    void truncatedExtendedOrCorruptedDerIsABadRequestNeverACrash(ObjectType type) throws Exception {
        byte[] der = switch (type) {
            case RSA -> pkcs8(opensslKey("RSA", "rsa_keygen_bits:2048"));
            case EC -> pkcs8(opensslKey("EC", "ec_paramgen_curve:P-256"));
            default -> {
                Path certificate = ssl.out();
                ok("req", "-x509", "-new", "-key", path(opensslKey("EC", "ec_paramgen_curve:P-256")),
                        "-subj", "/CN=t", "-days", "1", "-outform", "DER", "-out", path(certificate));
                yield read(certificate);
            }
        };
        for (int length = 1; length < der.length; length++) {
            byte[] truncated = Arrays.copyOf(der, length);
            assertThatThrownBy(() -> ObjectKeys.importValue(type, truncated)).as("truncated to %d", length)
                    .isInstanceOf(BadRequestException.class);
        }
        byte[] extended = Arrays.copyOf(der, der.length + 1);
        assertThatThrownBy(() -> ObjectKeys.importValue(type, extended)).isInstanceOf(BadRequestException.class);
        Random random = new Random(type.ordinal());
        for (int i = 0; i < 400; i++) {
            byte[] corrupted = der.clone();
            corrupted[random.nextInt(corrupted.length)] ^= (byte) (1 + random.nextInt(255));
            assertImportsOrIsABadRequest(type, corrupted);
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            assertImportsOrIsABadRequest(type, noise);
        }
    }

    @Test
    void toStringNeverShowsTheMaterial() {
        byte[] value = new byte[32];
        Arrays.fill(value, (byte) 0x5a);
        ObjectMaterial key = ObjectKeys.importValue(ObjectType.AES, value);

        assertThat(key.toString()).doesNotContainIgnoringCase(HexFormat.of().formatHex(value)).contains("***");
        key.destroy();
        assertThat(key.value()).containsOnly(0);
    }

    @Test
    void publicKeyOfARsaKeyFromTheJdkMatches() throws Exception {
        // pub_key is canonical SPKI DER whoever made the key pair.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        ObjectMaterial key = ObjectKeys.importValue(ObjectType.RSA, pair.getPrivate().getEncoded());
        assertThat(key.publicKey()).isEqualTo(pair.getPublic().getEncoded());
    }

    static String opensslName(EllipticCurve curve) {
        return switch (curve) {
            case NIST_P256 -> "P-256";
            case NIST_P384 -> "P-384";
            case NIST_P521 -> "P-521";
        };
    }

    private static void assertImportsOrIsABadRequest(ObjectType type, byte[] value) {
        try {
            ObjectKeys.importValue(type, value);
        } catch (BadRequestException expected) {
            // the typed 400 is the only acceptable failure
        }
    }

}
