package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.testing.TestServer;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's own PEM certificate and key replace the generated TLS identity. */
class OperatorTlsTest {
    @TempDir
    Path dir;

    @Test
    void serverPresentsTheOperatorsCertificate() throws Exception {
        KeyPair pair = CredentialKeys.generate(CredentialKeyType.RSA_2048);
        X509Certificate certificate = selfSigned(pair);
        Path certFile = dir.resolve("server.crt");
        Path keyFile = dir.resolve("server.key");
        Files.writeString(certFile, pem(certificate));
        Files.writeString(keyFile, pem(pair.getPrivate()));
        Path dataDir = dir.resolve("data");

        try (TestServer server = TestServer.start(dataDir,
                Map.of("tls-cert", certFile.toString(), "tls-key", keyFile.toString()))) {
            assertThat(server.server().tlsCertificate()).isEqualTo(certificate);
            DsmClient pinned = new DsmClient(server.baseUri(), DsmClient.pinning(certificate));
            assertThat(pinned.send("GET", "/sys/v1/health", null, null).status()).isEqualTo(204);
            assertThat(dataDir.resolve("tls")).doesNotExist();
        }
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=replikey test operator");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
