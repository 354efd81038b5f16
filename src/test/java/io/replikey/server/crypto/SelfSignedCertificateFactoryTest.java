package io.replikey.server.crypto;

import static io.replikey.server.crypto.CredentialCertificateAssertions.assertCredentialCertificate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replikey.testing.MutableClock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SelfSignedCertificateFactoryTest {
    private static final UUID ACCT = UUID.fromString("3f2c8a1e-5b7d-4e9a-8c21-0d4b6f9e1a37");
    private static final UUID CRED = UUID.fromString("b81e4d2c-9a3f-4c57-a6e0-72d19f3b5c84");
    private static final String CN = ACCT + " replication credential " + CRED;
    // RSA-4096 generation can take seconds (JDK provider): each key type is generated once per class.
    private static final Map<CredentialKeyType, KeyPair> KEYS = new EnumMap<>(CredentialKeyType.class);

    private final SelfSignedCertificateFactory factory =
            new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom());

    @BeforeAll
    static void productionProviders() {
        CryptoProviders.install();
    }

    private static synchronized KeyPair keys(CredentialKeyType type) {
        return KEYS.computeIfAbsent(type, CredentialKeys::generate);
    }

    private byte[] issue(SelfSignedCertificateFactory f, CredentialKeyType type) {
        KeyPair pair = keys(type);
        return f.issue(CN, pair.getPublic().getEncoded(), pair.getPrivate(), type);
    }

    @Test
    void commonNameIsCanonicalLowerCase() {
        UUID acct = UUID.fromString("3F2C8A1E-5B7D-4E9A-8C21-0D4B6F9E1A37");
        assertThat(SelfSignedCertificateFactory.credentialCommonName(acct, CRED))
                .isEqualTo("3f2c8a1e-5b7d-4e9a-8c21-0d4b6f9e1a37 replication credential " + CRED);
    }

    @ParameterizedTest
    @EnumSource(CredentialKeyType.class)
    void issuesTheDesignProfileForEveryKeyType(CredentialKeyType type) {
        KeyPair pair = keys(type);
        Instant before = Instant.now();
        byte[] der = factory.issue(SelfSignedCertificateFactory.credentialCommonName(ACCT, CRED),
                pair.getPublic().getEncoded(), pair.getPrivate(), type);
        Instant after = Instant.now();

        assertCredentialCertificate(der, ACCT, CRED, pair.getPublic().getEncoded(), type, before, after);
    }

    /** The signing provider is remembered per key type (CertificateSigners): each certificate must carry its own key's signature. */
    @Test
    void alternatingKeysARefusedKeyAndAKeyOfAnotherProviderEachSignTheirOwnCertificate() throws Exception {
        KeyPair first = keys(CredentialKeyType.EC_P256);
        KeyPair second = CredentialKeys.generate(CredentialKeyType.EC_P256);
        List<KeyPair> order = List.of(first, second, first, second);
        for (KeyPair pair : order) {
            assertSignedBy(pair, CredentialKeyType.EC_P256);
        }
        assertThatThrownBy(() -> factory.issue(CN, first.getPublic().getEncoded(),
                keys(CredentialKeyType.RSA_2048).getPrivate(), CredentialKeyType.EC_P256))
                .as("an RSA key for an EC certificate").isInstanceOf(IllegalStateException.class);
        assertSignedBy(second, CredentialKeyType.EC_P256);
        assertSignedBy(keys(CredentialKeyType.RSA_2048), CredentialKeyType.RSA_2048);
        // The same key decoded by the JDK's provider rather than the one that generated it.
        KeyPair jdkDecoded = new KeyPair(first.getPublic(), KeyFactory.getInstance("EC", "SunEC")
                .generatePrivate(new PKCS8EncodedKeySpec(first.getPrivate().getEncoded())));
        assertSignedBy(jdkDecoded, CredentialKeyType.EC_P256);
        assertSignedBy(first, CredentialKeyType.EC_P256);
    }

    private void assertSignedBy(KeyPair pair, CredentialKeyType type) {
        Instant before = Instant.now();
        byte[] der = factory.issue(SelfSignedCertificateFactory.credentialCommonName(ACCT, CRED),
                pair.getPublic().getEncoded(), pair.getPrivate(), type);
        assertCredentialCertificate(der, ACCT, CRED, pair.getPublic().getEncoded(), type, before, Instant.now());
    }

    @ParameterizedTest
    @EnumSource(CredentialKeyType.class)
    void generatedKeysHaveTheRequestedTypeAndSize(CredentialKeyType type) throws Exception {
        // Decoded by the JDK from the SPKI, so the check does not trust the generating provider.
        var key = KeyFactory.getInstance(type.keyAlgorithm(), type.rsaBits() > 0 ? "SunRsaSign" : "SunEC")
                .generatePublic(new X509EncodedKeySpec(keys(type).getPublic().getEncoded()));
        switch (type) {
            case EC_P256 -> assertThat(((ECPublicKey) key).getParams().getOrder().bitLength()).isEqualTo(256);
            case EC_P384 -> assertThat(((ECPublicKey) key).getParams().getOrder().bitLength()).isEqualTo(384);
            case RSA_2048, RSA_3072, RSA_4096 -> assertThat(((RSAPublicKey) key).getModulus().bitLength())
                    .isEqualTo(type.rsaBits());
            case ED25519 -> assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        }
    }

    @Test
    void eachIssueIsAFreshCertificateOverTheSameKey() {
        Certificate first = Certificate.getInstance(issue(factory, CredentialKeyType.EC_P256));
        Certificate second = Certificate.getInstance(issue(factory, CredentialKeyType.EC_P256));

        assertThat(second.getSubjectPublicKeyInfo()).isEqualTo(first.getSubjectPublicKeyInfo());
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    }

    @Test
    void serialsCarryWellOverSixtyFourRandomBits() {
        int count = 200;
        List<BigInteger> serials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            serials.add(Certificate.getInstance(issue(factory, CredentialKeyType.EC_P256)).getSerialNumber().getValue());
        }

        assertThat(new HashSet<>(serials)).as("distinct serials").hasSize(count);
        assertThat(serials.stream().mapToInt(BigInteger::bitLength).max().orElseThrow())
                .as("largest serial bit length (127 random bits expected)").isGreaterThanOrEqualTo(120);
        // A counter, a timestamp or a short random field leaves some of these bits constant; with
        // 200 random serials the chance that any of them is constant is below 2^-190.
        for (int bit = 0; bit < 120; bit++) {
            int b = bit;
            assertThat(serials.stream().map(s -> s.testBit(b)).distinct().count())
                    .as("serial bit %d takes both values", b).isEqualTo(2);
        }
    }

    @Test
    void notBeforeIsTheClockTimeInWholeSeconds() throws IOException {
        Instant now = Instant.parse("2026-01-26T10:15:00.750Z");
        var fixed = new SelfSignedCertificateFactory(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
        byte[] der = issue(fixed, CredentialKeyType.EC_P256);

        assertCredentialCertificate(der, ACCT, CRED, keys(CredentialKeyType.EC_P256).getPublic().getEncoded(),
                CredentialKeyType.EC_P256, now, now);
        assertThat(Certificate.getInstance(der).getStartDate().toASN1Primitive().getEncoded())
                .isEqualTo(concat(new byte[] {0x17, 13}, "260126101500Z".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void notBeforeFollowsTheClockFromSecondToSecond() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2049-12-31T23:59:58.100Z"));
        var moving = new SelfSignedCertificateFactory(clock, new SecureRandom());

        assertThat(startDate(issue(moving, CredentialKeyType.EC_P256))).isEqualTo(utcTime("491231235958Z"));
        clock.advance(Duration.ofMillis(800)); // 23:59:58.900
        assertThat(startDate(issue(moving, CredentialKeyType.EC_P256))).isEqualTo(utcTime("491231235958Z"));
        clock.advance(Duration.ofMillis(100)); // 23:59:59.000
        assertThat(startDate(issue(moving, CredentialKeyType.EC_P256))).isEqualTo(utcTime("491231235959Z"));
        // From 2050 on, RFC 5280 requires GeneralizedTime.
        clock.advance(Duration.ofSeconds(1));
        assertThat(startDate(issue(moving, CredentialKeyType.EC_P256)))
                .isEqualTo(concat(new byte[] {0x18, 15}, "20500101000000Z".getBytes(StandardCharsets.US_ASCII)));
        clock.advance(Duration.between(Instant.parse("2026-01-26T10:15:00Z"), clock.instant()).negated());
        assertThat(startDate(issue(moving, CredentialKeyType.EC_P256))).isEqualTo(utcTime("260126101500Z"));
    }

    private static byte[] startDate(byte[] der) throws IOException {
        return Certificate.getInstance(der).getStartDate().toASN1Primitive().getEncoded();
    }

    private static byte[] utcTime(String value) {
        return concat(new byte[] {0x17, 13}, value.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(CredentialKeyType.class)
    void opensslReadsAndVerifiesTheCertificate(CredentialKeyType type, @TempDir Path dir) throws Exception {
        assumeTrue(opensslAvailable(), "SKIPPED: openssl is not on PATH, so the OpenSSL cross-check did not run");
        byte[] der = issue(factory, type);
        Path derFile = Files.write(dir.resolve("cert.der"), der);
        Path pem = writePem(dir.resolve("cert.pem"), der);

        Openssl text = openssl("x509", "-inform", "DER", "-in", derFile.toString(), "-noout", "-text");
        assertThat(text.exit()).as(text.output()).isZero();
        assertThat(text.output()).contains("Version: 3 (0x2)", "Not After : Dec 31 23:59:59 9999 GMT", "CN = " + CN)
                .doesNotContain("X509v3 extensions");

        // The certificate is its own trust anchor (-CAfile). OpenSSL 3.0 does NOT check the
        // signature of a trust anchor unless -check_ss_sig is given: without it a certificate
        // with a corrupted signature also prints "OK" (checked against OpenSSL 3.0.19), hence
        // the flag and the corrupted control below. -partial_chain is not needed by 3.0 (a
        // self-signed certificate found in -CAfile is accepted as the anchor even without
        // basicConstraints, which §2 forbids); it is kept so that the trusted leaf ends the chain
        // whatever a given OpenSSL version thinks of a non-CA self-signed anchor.
        Openssl verify = openssl("verify", "-partial_chain", "-check_ss_sig", "-CAfile", pem.toString(), pem.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains(pem + ": OK");

        byte[] corrupted = der.clone();
        corrupted[corrupted.length - 1] ^= 1;
        Path bad = writePem(dir.resolve("corrupted.pem"), corrupted);
        Openssl refused = openssl("verify", "-partial_chain", "-check_ss_sig", "-CAfile", bad.toString(), bad.toString());
        assertThat(refused.exit()).as("corrupted signature refused\n" + refused.output()).isNotZero();
        assertThat(refused.output()).contains("certificate signature failure");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Openssl(int exit, String output) {
    }

    private static Openssl openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        return new Openssl(process.exitValue(), command + "\n" + output);
    }

    private static Path writePem(Path file, byte[] der) throws IOException {
        return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n");
    }
}
