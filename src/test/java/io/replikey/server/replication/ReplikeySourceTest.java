package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector against a real replikey server as the source, for what replikey serves today:
 * TLS trust through the operator's trust file (the server's own certificate, as an operator
 * replicating from another replikey passes it), host-name checks, and session/auth.
 */
class ReplikeySourceTest {
    @TempDir
    Path dir;

    private TestServer server;
    private List<X509Certificate> trust;
    private final TestPki.Identity credential = TestPki.credential(CredentialKeyType.EC_P256);

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("source"));
        Path trustFile = TestPki.writePem(dir.resolve("source-cert.pem"), server.server().tlsCertificate());
        trust = SourceTls.readTrustedCertificates(trustFile);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceConnector connector(URI url, List<X509Certificate> trusted) {
        return new SourceConnector(url, SourceTls.context(credential.key(), credential.chainDer(), trusted));
    }

    @Test
    void authenticatesAtTheSourcesSessionEndpoint() {
        String email = "replicator-" + UUID.randomUUID() + "@example.com";
        server.client().signupUser(email, TestServer.PASSWORD);

        SourceConnector.SourceSession session = connector(server.baseUri(), trust)
                .authenticate(SourceConnector.basic(email, TestServer.PASSWORD));

        assertThat(session.entityId()).isNotNull();
        assertThat(session.expiresInSeconds()).isPositive();
    }

    @Test
    void anAppTheSourceDoesNotKnowIsRefused() {
        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(server.baseUri(), trust).authenticate(UUID.randomUUID()));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
        assertThat(e.status()).isEqualTo(401);
    }

    @Test
    void theSourceIsReachableByEveryNameItsCertificateHolds() {
        URI byName = URI.create("https://localhost:" + server.baseUri().getPort());

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(byName, trust).authenticate(UUID.randomUUID()));

        // Past TLS (trusted, host name matches) to the source's answer.
        assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
    }

    @Test
    void withoutTheOperatorsTrustFileTheSourceIsNotTrusted() {
        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(server.baseUri(), List.of()).authenticate(UUID.randomUUID()));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.TLS_TRUST);
        assertThat(e.getMessage()).contains("is not trusted");
    }
}
