package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * Asserts that a DER certificate follows every point of the credential certificate profile in
 * design.md §2. Shared by the unit tests and the end-to-end tests that get the DER from the API.
 *
 * <p>The structure is read with BouncyCastle's ASN.1 classes, then the certificate is parsed a
 * second time and its signature checked with the JDK's own X.509 parser and JDK providers, so a
 * fault in the signing provider (ACCP in production) or in BouncyCastle cannot hide itself.
 */
public final class CredentialCertificateAssertions {
    private static final ASN1ObjectIdentifier COMMON_NAME = new ASN1ObjectIdentifier("2.5.4.3");
    private static final byte[] NOT_AFTER_DER = concat(new byte[] {BERTags.GENERALIZED_TIME, 15},
            "99991231235959Z".getBytes(StandardCharsets.US_ASCII));

    private CredentialCertificateAssertions() {
    }

    /**
     * @param issuedNotBefore an instant taken just before the certificate was issued
     * @param issuedNotAfter an instant taken just after it was issued
     */
    public static void assertCredentialCertificate(byte[] der, UUID acctId, UUID credentialId,
            byte[] expectedSpkiDer, CredentialKeyType type, Instant issuedNotBefore, Instant issuedNotAfter) {
        Certificate certificate = Certificate.getInstance(parse(der));
        // X.509 must be DER: re-encoding what was parsed must give back the very same bytes, which
        // also pins the raw encodings of the fields checked below (times, strings, integers).
        assertThat(encode(certificate)).as("certificate is canonical DER").isEqualTo(der);

        ASN1Sequence tbsFields = ASN1Sequence.getInstance(certificate.getTBSCertificate());
        // version, serial, signature, issuer, validity, subject, spki: nothing optional after
        // them, so no issuerUniqueID [1], subjectUniqueID [2] or extensions [3].
        assertThat(tbsFields.size()).as("TBSCertificate field count (no unique ids, no extensions)").isEqualTo(7);
        TBSCertificate tbs = certificate.getTBSCertificate();
        assertThat(tbs.getExtensions()).as("extensions").isNull();
        assertThat(tbs.getIssuerUniqueId()).as("issuerUniqueID").isNull();
        assertThat(tbs.getSubjectUniqueId()).as("subjectUniqueID").isNull();

        assertVersion3(tbsFields.getObjectAt(0));
        assertSerial(tbs.getSerialNumber());
        assertName(tbs, acctId, credentialId);
        assertNotBefore(tbs.getStartDate().toASN1Primitive(), issuedNotBefore, issuedNotAfter);
        assertNotAfter(tbs.getEndDate().toASN1Primitive());
        assertThat(encode(tbs.getSubjectPublicKeyInfo())).as("subjectPublicKeyInfo").isEqualTo(expectedSpkiDer);
        assertSignatureAlgorithm(tbs.getSignature(), type);
        assertThat(encode(certificate.getSignatureAlgorithm()))
                .as("outer signatureAlgorithm equals TBS signature").isEqualTo(encode(tbs.getSignature()));

        assertJdkAcceptsAndVerifies(der, expectedSpkiDer, type);
    }

    private static void assertVersion3(ASN1Encodable first) {
        assertThat(first).as("version field present as [0] EXPLICIT").isInstanceOf(ASN1TaggedObject.class);
        ASN1TaggedObject tagged = (ASN1TaggedObject) first;
        assertThat(tagged.getTagClass()).as("version tag class").isEqualTo(BERTags.CONTEXT_SPECIFIC);
        assertThat(tagged.getTagNo()).as("version tag number").isEqualTo(0);
        assertThat(tagged.isExplicit()).as("version tag is explicit").isTrue();
        assertThat(tagged.getExplicitBaseObject()).as("version INTEGER").isInstanceOf(ASN1Integer.class);
        assertThat(((ASN1Integer) tagged.getExplicitBaseObject()).getValue()).as("version (2 = v3)")
                .isEqualTo(BigInteger.TWO);
    }

    private static void assertSerial(ASN1Integer serial) {
        BigInteger value = serial.getValue();
        assertThat(value.signum()).as("serial is positive").isEqualTo(1);
        // toByteArray() is the minimal two's complement form, i.e. the DER content octets.
        assertThat(value.toByteArray().length).as("serial content octets").isLessThanOrEqualTo(20);
    }

    private static void assertName(TBSCertificate tbs, UUID acctId, UUID credentialId) {
        byte[] issuer = encode(tbs.getIssuer());
        byte[] subject = encode(tbs.getSubject());
        assertThat(issuer).as("issuer DER equals subject DER").isEqualTo(subject);

        RDN[] rdns = X500Name.getInstance(tbs.getSubject()).getRDNs();
        assertThat(rdns).as("subject RDNs").hasSize(1);
        assertThat(rdns[0].size()).as("attributes in the RDN").isEqualTo(1);
        AttributeTypeAndValue cn = rdns[0].getFirst();
        assertThat(cn.getType()).as("attribute type").isEqualTo(COMMON_NAME);
        // ASN1UTF8String is the parsed form of a UTF8String (tag 12); DERUTF8String extends it.
        assertThat(cn.getValue()).as("commonName string type").isInstanceOf(ASN1UTF8String.class);
        // UUID.toString() is the canonical lower-case hyphenated form; the regex pins that too.
        String expected = acctId + " replication credential " + credentialId;
        assertThat(((ASN1UTF8String) cn.getValue()).getString()).as("commonName").isEqualTo(expected)
                .matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12} replication credential "
                        + "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    }

    private static void assertNotBefore(ASN1Primitive notBefore, Instant from, Instant to) {
        assertThat(notBefore).as("notBefore type").isInstanceOf(ASN1UTCTime.class);
        byte[] encoded = encode(notBefore);
        assertThat(encoded[0]).as("notBefore tag").isEqualTo((byte) BERTags.UTC_TIME);
        String text = new String(encoded, 2, encoded.length - 2, StandardCharsets.US_ASCII);
        assertThat(encoded[1]).as("notBefore length").isEqualTo((byte) 13);
        assertThat(text).as("notBefore YYMMDDHHMMSSZ").matches("\\d{12}Z");
        Instant instant;
        try {
            instant = ((ASN1UTCTime) notBefore).getAdjustedDate().toInstant();
        } catch (ParseException e) {
            throw new AssertionError("notBefore does not parse: " + text, e);
        }
        assertThat(instant).as("notBefore is the issue time")
                .isBetween(from.truncatedTo(ChronoUnit.SECONDS), to);
    }

    private static void assertNotAfter(ASN1Primitive notAfter) {
        assertThat(notAfter).as("notAfter type").isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(encode(notAfter)).as("notAfter encoding: GeneralizedTime 99991231235959Z")
                .isEqualTo(NOT_AFTER_DER);
    }

    private static void assertSignatureAlgorithm(AlgorithmIdentifier algorithm, CredentialKeyType type) {
        String oid = switch (type) {
            case EC_P256 -> "1.2.840.10045.4.3.2";
            case EC_P384 -> "1.2.840.10045.4.3.3";
            case RSA_2048, RSA_3072, RSA_4096 -> "1.2.840.113549.1.1.11";
            case ED25519 -> "1.3.101.112";
        };
        assertThat(algorithm.getAlgorithm().getId()).as("signature algorithm for " + type).isEqualTo(oid);
        if (type.keyAlgorithm().equals("RSA")) {
            // RFC 4055 §5: sha256WithRSAEncryption parameters MUST be NULL.
            assertThat(algorithm.getParameters()).as("RSA signature parameters").isEqualTo(DERNull.INSTANCE);
        } else {
            // RFC 5758 §3.2 (ECDSA) and RFC 8410 §3 (Ed25519): parameters MUST be absent.
            assertThat(algorithm.getParameters()).as(type + " signature parameters").isNull();
        }
    }

    private static void assertJdkAcceptsAndVerifies(byte[] der, byte[] spki, CredentialKeyType type) {
        String jdkProvider = type.keyAlgorithm().equals("RSA") ? "SunRsaSign" : "SunEC";
        try {
            X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509", "SUN")
                    .generateCertificate(new ByteArrayInputStream(der));
            assertThat(jdk.getVersion()).as("JDK sees version").isEqualTo(3);
            assertThat(jdk.getSubjectX500Principal()).as("JDK issuer = subject").isEqualTo(jdk.getIssuerX500Principal());
            assertThat(jdk.getNotAfter().toInstant()).as("JDK notAfter")
                    .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
            assertThat(jdk.getPublicKey().getEncoded()).as("JDK public key").isEqualTo(spki);
            PublicKey key = KeyFactory.getInstance(type.keyAlgorithm(), jdkProvider)
                    .generatePublic(new X509EncodedKeySpec(spki));
            assertThatCode(() -> jdk.verify(key, Security.getProvider(jdkProvider)))
                    .as("signature verifies under the certificate's own key (" + jdkProvider + ")")
                    .doesNotThrowAnyException();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("the JDK rejects the certificate", e);
        }
    }

    private static ASN1Primitive parse(byte[] der) {
        try {
            // fromByteArray refuses trailing bytes after the outer SEQUENCE.
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException e) {
            throw new AssertionError("not a DER certificate", e);
        }
    }

    private static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
