package io.replikey.server.crypto;

import static io.replikey.server.crypto.CredentialCertificateAssertions.assertCredentialCertificate;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The helper must reject each departure from design.md §2, or the certificate tests prove nothing. */
class CredentialCertificateAssertionsTest {
    private static final UUID ACCT = UUID.randomUUID();
    private static final UUID CRED = UUID.randomUUID();
    private static final KeyPair KEYS = CredentialKeys.generate(CredentialKeyType.EC_P256);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** What a deviant certificate is built from; the defaults follow the profile. */
    private static final class Spec {
        boolean version1;
        BigInteger serial = BigInteger.ONE.shiftLeft(100).add(BigInteger.TEN);
        X500Name subject = cn(new DERUTF8String(ACCT + " replication credential " + CRED));
        X500Name issuer = subject;
        Time notBefore = new Time(new ASN1UTCTime(Date.from(NOW)));
        Time notAfter = new Time(new ASN1GeneralizedTime("99991231235959Z"));
        String signatureAlgorithm = "SHA256withECDSA";
        PrivateKey signingKey = KEYS.getPrivate();
        boolean basicConstraints;
    }

    private static X500Name cn(ASN1Encodable value) {
        return new X500Name(new RDN[] {new RDN(BCStyle.CN, value)});
    }

    private static byte[] build(Consumer<Spec> change) throws Exception {
        Spec s = new Spec();
        change.accept(s);
        var spki = SubjectPublicKeyInfo.getInstance(KEYS.getPublic().getEncoded());
        var signer = new JcaContentSignerBuilder(s.signatureAlgorithm).build(s.signingKey);
        if (s.version1) {
            return new X509v1CertificateBuilder(s.issuer, s.serial, s.notBefore, s.notAfter, s.subject, spki)
                    .build(signer).getEncoded();
        }
        var builder = new X509v3CertificateBuilder(s.issuer, s.serial, s.notBefore, s.notAfter, s.subject, spki);
        if (s.basicConstraints) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        }
        return builder.build(signer).getEncoded();
    }

    private static void check(byte[] der) {
        assertCredentialCertificate(der, ACCT, CRED, KEYS.getPublic().getEncoded(), CredentialKeyType.EC_P256,
                NOW, NOW.plusSeconds(1));
    }

    @Test
    void acceptsTheProfile() throws Exception {
        byte[] der = build(s -> { });
        assertThatCode(() -> check(der)).doesNotThrowAnyException();
    }

    static Stream<Arguments> deviations() {
        KeyPair other = CredentialKeys.generate(CredentialKeyType.EC_P256);
        return Stream.of(
                Arguments.of("version 1", "field count", (Consumer<Spec>) s -> s.version1 = true),
                Arguments.of("basicConstraints", "field count", (Consumer<Spec>) s -> s.basicConstraints = true),
                Arguments.of("negative serial", "serial is positive", (Consumer<Spec>) s -> s.serial = BigInteger.valueOf(-5)),
                Arguments.of("21-octet serial", "serial content octets", (Consumer<Spec>) s -> s.serial = BigInteger.ONE.shiftLeft(164)),
                Arguments.of("PrintableString CN", "commonName string type", (Consumer<Spec>) s ->
                        s.subject = s.issuer = cn(new DERPrintableString(ACCT + " replication credential " + CRED))),
                Arguments.of("upper-case ids", "[commonName]", (Consumer<Spec>) s -> s.subject = s.issuer = cn(new DERUTF8String(
                        (ACCT + " replication credential " + CRED).toUpperCase().replace("REPLICATION CREDENTIAL",
                                "replication credential")))),
                Arguments.of("issuer differs", "issuer DER equals subject DER", (Consumer<Spec>) s -> s.issuer = cn(new DERUTF8String("someone else"))),
                // Built from RDNs: X500Name's string parser refuses this 96-character CN (over the
                // X.520 upper bound of 64) although the profile prescribes it.
                Arguments.of("second RDN", "subject RDNs", (Consumer<Spec>) s -> s.subject = s.issuer = new X500Name(
                        new RDN[] {s.subject.getRDNs()[0], new RDN(BCStyle.O, new DERUTF8String("replikey"))})),
                Arguments.of("multi-valued RDN", "attributes in the RDN", (Consumer<Spec>) s -> s.subject = s.issuer =
                        new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue[] {s.subject.getRDNs()[0].getFirst(),
                                new AttributeTypeAndValue(BCStyle.O, new DERUTF8String("replikey"))})})),
                Arguments.of("notBefore GeneralizedTime", "notBefore type", (Consumer<Spec>) s ->
                        s.notBefore = new Time(new ASN1GeneralizedTime(Date.from(NOW)))),
                Arguments.of("notBefore an hour early", "notBefore is the issue time", (Consumer<Spec>) s ->
                        s.notBefore = new Time(new ASN1UTCTime(Date.from(NOW.minusSeconds(3600))))),
                Arguments.of("notAfter 2099", "notAfter encoding", (Consumer<Spec>) s ->
                        s.notAfter = new Time(new ASN1GeneralizedTime("20991231235959Z"))),
                Arguments.of("SHA384 over P-256", "signature algorithm for EC_P256", (Consumer<Spec>) s -> s.signatureAlgorithm = "SHA384withECDSA"),
                Arguments.of("signed by another key", "signature verifies", (Consumer<Spec>) s -> s.signingKey = other.getPrivate()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviations")
    void rejects(String deviation, String failedCheck, Consumer<Spec> change) throws Exception {
        byte[] der = build(change);
        assertThatThrownBy(() -> check(der)).as(deviation).isInstanceOf(AssertionError.class)
                .hasMessageContaining(failedCheck);
    }

    @Test
    void rejectsTrailingBytes() throws Exception {
        byte[] der = build(s -> { });
        byte[] longer = Arrays.copyOf(der, der.length + 1);
        assertThatThrownBy(() -> check(longer)).isInstanceOf(AssertionError.class);
    }
}
