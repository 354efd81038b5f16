package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request gets its answer, whatever its method and however much body it carries where none is
 * read; every error is a short text/plain body; TLS 1.2 offers only forward-secret AEAD suites
 * (issue 5, items 2, 3 and 5).
 */
class ConnectionRobustnessTest {
    @TempDir
    static Path dir;
    private static TestServer server;
    private static SSLContext ssl;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        ssl = DsmClient.pinning(server.server().tlsCertificate());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Bodies where the endpoint reads none: once answers were lost to a TLS reset, up to 9 times in 20. */
    @ParameterizedTest
    @ValueSource(ints = {20 * 1024, 256 * 1024, 1 << 20})
    void unreadBodiesNeverCostTheAnswer(int size) throws Exception {
        String token = server.newUser().token();
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/sys/v1/health", null, body).statusCode()).as("GET health, try %d", i).isEqualTo(204);
            assertThat(send("POST", "/sys/v1/session/refresh", "Bearer " + token, body).statusCode())
                    .as("refresh, try %d", i).isEqualTo(204);
            assertThat(send("GET", "/sys/v1/accounts", null, body).statusCode()).as("401, try %d", i).isEqualTo(401);
        }
    }

    /** Jetty wrote error bodies only for GET and POST; PATCH, DELETE and PUT got none. */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE", "PUT"})
    void everyErrorOfEveryMethodIsAShortPlainText(String method) throws Exception {
        assertPlainError(send(method, "/sys/v1/accounts/%ff%fe", null, null), 400);
        HttpRequest.Builder bigHeaders = request(method, "/sys/v1/accounts", null, null)
                .header("X-Padding", "x".repeat(9 * 1024));
        assertPlainError(http.send(bigHeaders.build(), HttpResponse.BodyHandlers.ofString()), 431);
    }

    @Test
    void tls12OffersOnlyForwardSecretAeadSuites() throws Exception {
        SSLSocket probe = (SSLSocket) ssl.getSocketFactory().createSocket();
        List<String> accepted = new ArrayList<>();
        for (String suite : probe.getSupportedCipherSuites()) {
            if (suite.startsWith("TLS_") && !suite.startsWith("TLS_AES_") && !suite.startsWith("TLS_CHACHA20_")
                    && handshakes("TLSv1.2", suite)) {
                accepted.add(suite);
            }
        }
        probe.close();
        assertThat(accepted).as("TLS 1.2 suites the server accepts").isNotEmpty()
                .allMatch(s -> s.startsWith("TLS_ECDHE_") && (s.contains("_GCM_") || s.contains("CHACHA20_POLY1305")));
        assertThat(handshakes("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).isFalse();
        assertThat(handshakes("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isTrue();
    }

    /**
     * Asked for, never required: a client without a certificate is served, and one with a
     * self_sign-style certificate (self-signed, no extensions, notAfter 9999) completes the
     * handshake and has sent it — the replication path of design.md §1.
     */
    @Test
    void clientCertificatesAreAskedForButNotRequired() throws Exception {
        assertThat(send("GET", "/sys/v1/version", null, null).statusCode()).isEqualTo(200);

        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        byte[] der = new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom()).issue(
                SelfSignedCertificateFactory.credentialCommonName(UUID.randomUUID(), UUID.randomUUID()),
                pair.getPublic().getEncoded(), pair.getPrivate(), CredentialKeyType.EC_P256);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", pair.getPrivate(), "test".toCharArray(), new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "test".toCharArray());
        SSLContext withCertificate = SSLContext.getInstance("TLS");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.server().tlsCertificate());
        tmf.init(trust);
        withCertificate.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket socket = (SSLSocket) withCertificate.getSocketFactory()
                    .createSocket("127.0.0.1", server.server().port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertThat(socket.getSession().getLocalCertificates()).as(protocol).containsExactly(certificate);
            }
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(withCertificate)
                .build();
        assertThat(client.send(request("GET", "/sys/v1/version", null, null).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static boolean handshakes(String protocol, String suite) throws IOException {
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", server.server().port())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return true;
        } catch (SSLHandshakeException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void assertPlainError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isNotBlank().hasSizeLessThan(200).doesNotContain("<", "Exception");
    }

    private static HttpResponse<String> send(String method, String path, String authorization, byte[] body)
            throws IOException, InterruptedException {
        return http.send(request(method, path, authorization, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String method, String path, String authorization, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }
}
