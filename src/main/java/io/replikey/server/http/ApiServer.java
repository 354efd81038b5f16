package io.replikey.server.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.replikey.server.config.RequestLimits;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.crypto.ServerTlsMaterial;
import io.replikey.server.service.AccountService;
import io.replikey.server.service.AppService;
import io.replikey.server.service.CryptoService;
import io.replikey.server.service.GroupService;
import io.replikey.server.service.ReplicationCredentialService;
import io.replikey.server.service.ReplicationScanService;
import io.replikey.server.service.SecurityObjectService;
import io.replikey.server.service.SessionService;
import io.replikey.server.service.UserService;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS API: Javalin on a single Jetty TLS connector (no plain-HTTP port), the route table,
 * and the error mapper. Start once, stop once; thread-safe as Jetty is.
 *
 * <p>Slow clients: a request must arrive within {@link RequestLimits} in total — the handshake and
 * headers ({@link SlowConnectionReaper}) and the body ({@link CompleteBodyHandler}) — and until it
 * has, it holds no worker thread; so connections that withhold or trickle bytes cost a socket for a
 * few seconds, not the service.
 */
public final class ApiServer implements AutoCloseable {
    /** How long a stopping server waits for requests in flight. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a kept-alive connection may sit between requests. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How much of a refused body (413) is read and dropped so that the answer is not lost to a TCP reset. */
    static final long DISCARD_LIMIT = 4L * ServerConfig.MAX_BODY_BYTES;
    /**
     * No compressor, so no answer is ever compressed; and no excluded types, because Javalin
     * still matches every answer's type against that list (case-insensitively, 3 % of self_sign).
     */
    private static final CompressionStrategy NEVER_COMPRESS = neverCompress();
    /**
     * TLS 1.3's suites, and for TLS 1.2 only forward-secret AEAD suites (no CBC, no static RSA key
     * exchange), as current guidance (e.g. Mozilla's "intermediate" profile) recommends.
     */
    static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };
    private final Javalin app;
    private ServerConnector connector;

    /** The services the API fronts. */
    public record Services(UserService users, SessionService sessions, AccountService accounts,
            ReplicationCredentialService credentials, AppService apps, GroupService groups,
            SecurityObjectService keys, CryptoService crypto, ReplicationScanService scans) {
    }

    public ApiServer(String bind, int port, ServerTlsMaterial tls, RequestLimits limits, Services services,
            String serverVersion) {
        RequestAuthenticator authenticator = new RequestAuthenticator(services.sessions(), services.apps());
        SystemHandler system = new SystemHandler(serverVersion);
        UserHandler users = new UserHandler(services.users());
        SessionHandler sessions = new SessionHandler(services.sessions(), authenticator);
        AccountHandler accounts = new AccountHandler(services.accounts());
        ReplicationHandler replication = new ReplicationHandler(services.credentials());
        ScanHandler scans = new ScanHandler(services.scans());
        AppHandler apps = new AppHandler(services.apps());
        GroupHandler groups = new GroupHandler(services.groups());
        KeyHandler keys = new KeyHandler(services.keys());
        CryptoHandler crypto = new CryptoHandler(services.crypto());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            // Never compress: answers carry secrets (API keys, exported key material) beside
            // caller-chosen text, which is what compression side channels (BREACH) need; and
            // Javalin's per-answer compression check was a measurable share of self_sign.
            config.http.compressionStrategy = NEVER_COMPRESS;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.addConnector((server, httpConfig) -> {
                httpConfig.setSendServerVersion(false);
                httpConfig.addCustomizer(new SecureRequestCustomizer(false));
                connector = new ServerConnector(server,
                        new SslConnectionFactory(sslContext(tls), HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(httpConfig));
                connector.setHost(bind);
                connector.setPort(port);
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                connector.addBean(new SlowConnectionReaper(connector, limits.headerTimeout()));
                return connector;
            });
            // Bodies are read in full, without holding a thread, before Javalin's blocking handlers run.
            config.jetty.modifyServer(server -> server.insertHandler(
                    new CompleteBodyHandler(ServerConfig.MAX_BODY_BYTES, DISCARD_LIMIT, limits.bodyTimeout())));
            // On stop, Jetty closes the connector and waits up to STOP_TIMEOUT for requests in flight
            // (Javalin's StatisticsHandler tracks them); without a timeout it cuts them off.
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT.toMillis()));
            config.routes.before(ctx -> {
                // Javalin answers HEAD on every GET route with 200 before any handler (so before
                // authentication); DSM defines no HEAD, so refuse it outright.
                if (ctx.method() == HandlerType.HEAD) {
                    throw new MethodNotAllowedResponse();
                }
                ctx.header("Cache-Control", "no-store");
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(ErrorMapper.jettyErrors()));
            ErrorMapper.register(config.routes);
            Routes.register(new RouteTable(config.routes, authenticator), system, users, sessions, accounts,
                    replication, apps, groups, keys, crypto, scans);
        });
    }

    private static SslContextFactory.Server sslContext(ServerTlsMaterial tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server() {
            @Override
            protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
                return new TrustManager[] {AnyClientCertificate.INSTANCE};
            }
        };
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setCertAlias(ServerTlsMaterial.ALIAS);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setIncludeCipherSuites(CIPHER_SUITES);
        // Apps may authenticate with a client certificate (design.md §4): asked for, never required,
        // so API-key clients and browsers are unaffected; AnyClientCertificate says why any
        // well-formed one passes the handshake.
        ssl.setWantClientAuth(true);
        return ssl;
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    private static CompressionStrategy neverCompress() {
        CompressionStrategy never = new CompressionStrategy(null, null);
        never.setExcludedMimeTypes(List.of());
        return never;
    }

    @Override
    public void close() {
        app.stop();
    }
}
