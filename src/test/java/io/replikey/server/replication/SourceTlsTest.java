package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.crypto.CredentialKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential's TLS context: operator trust file, the always-presenting key manager, host-name checks. */
class SourceTlsTest {
    private static final TestPki.Identity CA = TestPki.ca("operator CA");

    @TempDir
    Path dir;

    @Test
    void readsEveryCertificateOfTheOperatorsPemFile() throws Exception {
        TestPki.Identity second = TestPki.ca("second operator CA");
        Path file = TestPki.writePem(dir.resolve("trust.pem"), CA.certificate(), second.certificate());

        assertThat(SourceTls.readTrustedCertificates(file)).containsExactly(CA.certificate(), second.certificate());
    }

    @Test
    void aTrustFileWithoutACertificateIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> SourceTls.readTrustedCertificates(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no certificate");
        assertThatThrownBy(() -> SourceTls.readTrustedCertificates(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds an invalid certificate");
    }

    @Test
    void aChainThatDoesNotParseIsRefused() {
        TestPki.Identity credential = TestPki.credential(CredentialKeyType.EC_P256);

        assertThatThrownBy(() -> SourceTls.context(credential.key(), List.of(new byte[] {0x30, 0x00}), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceTls.context(credential.key(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyManagerPresentsTheCredentialWhateverIssuersTheServerNames() {
        TestPki.Identity credential = TestPki.credential(CredentialKeyType.EC_P256);
        SourceTls.CredentialKeyManager keys = new SourceTls.CredentialKeyManager(credential.key(),
                credential.chain().toArray(new X509Certificate[0]));
        Principal[] otherIssuers = {CA.certificate().getSubjectX500Principal()};

        assertThat(keys.chooseEngineClientAlias(new String[] {"EC"}, otherIssuers, null))
                .isEqualTo(SourceTls.CREDENTIAL_ALIAS);
        assertThat(keys.chooseEngineClientAlias(new String[] {"EC"}, new Principal[0], null))
                .isEqualTo(SourceTls.CREDENTIAL_ALIAS);
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA"}, otherIssuers, null)).isNull();
        assertThat(keys.getCertificateChain(SourceTls.CREDENTIAL_ALIAS)).containsExactly(credential.certificate());
        assertThat(keys.getPrivateKey(SourceTls.CREDENTIAL_ALIAS)).isSameAs(credential.key());
        assertThat(keys.getPrivateKey("other")).isNull();
    }

    @Test
    void anEd25519CredentialFitsTheJdksEdDsaKeyType() {
        TestPki.Identity credential = TestPki.credential(CredentialKeyType.ED25519);
        SourceTls.CredentialKeyManager keys = new SourceTls.CredentialKeyManager(credential.key(),
                credential.chain().toArray(new X509Certificate[0]));

        assertThat(keys.chooseEngineClientAlias(new String[] {"EdDSA"}, null, null))
                .isEqualTo(SourceTls.CREDENTIAL_ALIAS);
    }

    @Test
    void aConnectionWithoutHostNameVerificationIsRefused() throws Exception {
        TestPki.Identity server = TestPki.server(CA, "127.0.0.1");
        SourceTls.SourceTrustManager trust = new SourceTls.SourceTrustManager(pkixTrusting(CA.certificate()));
        SSLEngine engine = TestPki.clientContext(TestPki.credential(CredentialKeyType.EC_P256), CA.certificate())
                .createSSLEngine("127.0.0.1", 443);
        engine.setUseClientMode(true);
        X509Certificate[] chain = server.chain().toArray(new X509Certificate[0]);

        // Verification switched off (e.g. jdk.internal.httpclient.disableHostnameVerification): refused
        // before anything else; with it on (HttpClient's default) the connector tests connect.
        SSLParameters off = engine.getSSLParameters();
        off.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(off);
        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine))
                .isInstanceOf(SourceTls.ServerCertificateRefused.class).hasMessageContaining("verification is off");
        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(SourceTls.ServerCertificateRefused.class);
    }

    private static X509ExtendedTrustManager pkixTrusting(X509Certificate anchor) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", anchor);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }
}
