package io.replikey.server.replication;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for connector tests: a CA, server certificates it issues, replikey-profile credentials. */
final class TestPki {
    private TestPki() {
    }

    /** A key pair and its certificate chain, leaf first. */
    record Identity(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate certificate() {
            return chain.get(0);
        }

        List<byte[]> chainDer() {
            List<byte[]> der = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                der.add(encoded(certificate));
            }
            return der;
        }
    }

    /** A self-signed CA certificate (EC P-256). */
    static Identity ca(String commonName) {
        KeyPair pair = CredentialKeys.generate(CredentialKeyType.EC_P256);
        X500Name name = new X500Name("CN=" + commonName);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
                    notAfter(), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Identity(pair.getPrivate(), List.of(sign(builder, pair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS server certificate issued by {@code ca} for DNS names and IP addresses. */
    static Identity server(Identity ca, String... names) {
        KeyPair pair = CredentialKeys.generate(CredentialKeyType.EC_P256);
        GeneralName[] alternatives = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            boolean ip = names[i].chars().allMatch(c -> Character.isDigit(c) || c == '.');
            alternatives[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
        }
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    notBefore(), notAfter(), new X500Name("CN=stand-in source"), pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            return new Identity(pair.getPrivate(), List.of(sign(builder, ca.key()), ca.certificate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A replication credential as replikey issues it: self-signed, no extensions, notAfter 9999. */
    static Identity credential(CredentialKeyType type) {
        KeyPair pair = CredentialKeys.generate(type);
        byte[] der = new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom()).issue(
                SelfSignedCertificateFactory.credentialCommonName(UUID.randomUUID(), UUID.randomUUID()),
                pair.getPublic().getEncoded(), pair.getPrivate(), type);
        return new Identity(pair.getPrivate(), List.of(parse(der)));
    }

    static SSLContext clientContext(Identity credential, X509Certificate... trusted) {
        return SourceTls.context(credential.key(), credential.chainDer(), List.of(trusted));
    }

    static Path writePem(Path file, X509Certificate... certificates) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return Files.writeString(file, out.toString());
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(1, ChronoUnit.DAYS));
    }
}
