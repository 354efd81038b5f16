package io.replikey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client certificate reaches the application as the exact DER bytes the client presented,
 * over a real TLS handshake on a Jetty connector that, as ApiServer's, asks for a certificate
 * without requiring one and trusts any ({@link AnyClientCertificate}): self-signed, with no
 * extensions, as {@code self_sign} makes them.
 */
class ClientCertificatesTest {
    private static final char[] PASSWORD = "test".toCharArray();
    private final SelfSignedCertificateFactory certificates =
            new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom());
    private KeyStore serverIdentity;
    private X509Certificate serverCertificate;
    private Javalin app;
    private ServerConnector connector;

    @BeforeEach
    void startServerThatWantsClientCertificates() throws Exception {
        serverIdentity = identity("127.0.0.1");
        serverCertificate = (X509Certificate) serverIdentity.getCertificate("me");
        SslContextFactory.Server ssl = wantingClientCertificates();
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.addConnector((server, httpConfig) -> {
                httpConfig.addCustomizer(new SecureRequestCustomizer(false));
                connector = new ServerConnector(server,
                        new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(httpConfig));
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                return connector;
            });
            config.routes.get("/der", ctx -> ctx.result(
                    ClientCertificates.der(ctx).map(HexFormat.of()::formatHex).orElse("none")));
        }).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void thePresentedCertificateArrivesAsItsExactDer() throws Exception {
        KeyStore client = identity("client");
        byte[] presented = client.getCertificate("me").getEncoded();

        assertThat(get(client)).isEqualTo(HexFormat.of().formatHex(presented));
    }

    @Test
    void noCertificateIsEmptyAndTheRequestStillGoesThrough() throws Exception {
        assertThat(get(null)).isEqualTo("none");
    }

    private SslContextFactory.Server wantingClientCertificates() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverIdentity, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {AnyClientCertificate.INSTANCE}, null);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setWantClientAuth(true);
        return ssl;
    }

    private String get(KeyStore clientIdentity) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", serverCertificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManager[] keyManagers = null;
        if (clientIdentity != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientIdentity, PASSWORD);
            keyManagers = keys.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), null);
        HttpsURLConnection connection = (HttpsURLConnection)
                new URL("https://127.0.0.1:" + connector.getLocalPort() + "/der").openConnection();
        connection.setSSLSocketFactory(context.getSocketFactory());
        // The pinned server certificate names no host; trust comes from the pin alone.
        connection.setHostnameVerifier((host, session) -> true);
        try {
            assertThat(connection.getResponseCode()).isEqualTo(200);
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    /** A key and the self-signed certificate over it, as replikey's self_sign makes one. */
    private KeyStore identity(String commonName) throws Exception {
        KeyPair pair = CredentialKeys.generate(CredentialKeyType.EC_P256);
        byte[] der = certificates.issue(commonName, pair.getPublic().getEncoded(), pair.getPrivate(),
                CredentialKeyType.EC_P256);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("me", pair.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
        return store;
    }
}
