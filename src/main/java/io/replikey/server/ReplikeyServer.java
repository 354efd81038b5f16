package io.replikey.server;

import io.replikey.server.config.ServerConfig;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.CryptoProviders;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.server.crypto.ServerTlsMaterial;
import io.replikey.server.http.ApiServer;
import io.replikey.server.replication.ReplicationEngine;
import io.replikey.server.service.AccountService;
import io.replikey.server.service.AppService;
import io.replikey.server.service.CryptoService;
import io.replikey.server.service.GroupService;
import io.replikey.server.service.ReplicationCredentialService;
import io.replikey.server.service.ReplicationScanService;
import io.replikey.server.service.SecurityObjectService;
import io.replikey.server.service.SessionService;
import io.replikey.server.service.UserService;
import io.replikey.server.store.Store;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replikey server: configuration in, a listening HTTPS API out. Owns the store, the
 * API server and the replication engine; the engine starts after the API and stops before the
 * store closes. Thread-safe for {@link #port()} and {@link #close()}.
 */
public final class ReplikeyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplikeyServer.class);

    /**
     * How often idle sessions and quiet login throttles are deleted; sessions are refused as soon as
     * they expire regardless.
     */
    private static final Duration SESSION_PURGE_INTERVAL = Duration.ofMinutes(10);

    private final Store store;
    private final ApiServer api;
    private final ReplicationEngine engine;
    private final X509Certificate tlsCertificate;
    private final ScheduledExecutorService housekeeping;

    private ReplikeyServer(Store store, ApiServer api, ReplicationEngine engine, X509Certificate tlsCertificate,
            SessionService sessions) {
        this.store = store;
        this.api = api;
        this.engine = engine;
        this.tlsCertificate = tlsCertificate;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replikey-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(() -> purge(sessions), SESSION_PURGE_INTERVAL.toSeconds(),
                SESSION_PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    private static void purge(SessionService sessions) {
        try {
            int purged = sessions.purgeIdleSessions();
            if (purged > 0) {
                LOG.info("deleted {} idle sessions", purged);
            }
            int forgotten = sessions.purgeQuietLoginThrottles();
            if (forgotten > 0) {
                LOG.info("forgot the failed logins of {} quiet client addresses", forgotten);
            }
        } catch (RuntimeException e) {
            LOG.warn("idle session and login throttle purge failed; will retry", e);
        }
    }

    /** Opens the data directory, database and keys, and starts listening. */
    public static ReplikeyServer start(ServerConfig config) {
        LOG.info("configuration: {}", config);
        String provider = CryptoProviders.install();
        DataDirectory.prepare(config);
        KeySealer sealer = KeySealer.of(config.masterKey().value() != null
                ? MasterKey.fromBase64(config.masterKey().value(), 1)
                : MasterKey.loadOrCreate(config.masterKeyFile()));
        ServerTlsMaterial tls = config.tlsCertFile() != null
                ? ServerTlsMaterial.fromPem(config.tlsCertFile(), config.tlsKeyFile())
                : ServerTlsMaterial.loadOrGenerate(config.dataDir().resolve("tls"), config.bind(), sealer);
        Store store = Store.open(config.databaseUrl(), config.databaseUser(), config.databasePassword().value());
        Clock clock = Clock.systemUTC();
        ReplicationEngine engine = new ReplicationEngine(store, sealer, config.replicationTrust().certificates(),
                clock, ReplicationEngine.Settings.defaults());
        try {
            PasswordHasher hasher = PasswordHasher.recommended();
            DecodedKeyCache decodedKeys = new DecodedKeyCache();
            SessionService sessions = new SessionService(store, hasher, clock, config.sessionIdleTimeout());
            ApiServer.Services services = new ApiServer.Services(
                    new UserService(store, hasher, clock, config.signupOpen()), sessions,
                    new AccountService(store, clock, decodedKeys),
                    new ReplicationCredentialService(store, sealer,
                            new SelfSignedCertificateFactory(clock, new SecureRandom()),
                            config.credentialKeyType(), clock, decodedKeys),
                    new AppService(store, sealer, clock), new GroupService(store, clock),
                    new SecurityObjectService(store, sealer, clock), new CryptoService(store, sealer, clock),
                    new ReplicationScanService(store, engine));
            ApiServer api = new ApiServer(config.bind(), config.port(), tls, config.requestLimits(), services,
                    version()).start();
            LOG.info("replikey {} listening on https://{}:{} (database: {}, crypto: {})", version(), config.bind(),
                    api.port(), store.dialect(), provider);
            engine.start();
            LOG.info("replication engine started as node {}", engine.nodeId());
            return new ReplikeyServer(store, api, engine, tls.certificate(), sessions);
        } catch (RuntimeException e) {
            engine.close();
            store.close();
            throw e;
        }
    }

    /** The server's version: the jar's Implementation-Version, or "dev" when run from classes. */
    public static String version() {
        String version = ReplikeyServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public int port() {
        return api.port();
    }

    /** The certificate the server presents, so clients (and tests) can pin it. */
    public X509Certificate tlsCertificate() {
        return tlsCertificate;
    }

    @Override
    public void close() {
        LOG.info("stopping: refusing new requests, finishing those in flight");
        housekeeping.shutdownNow();
        api.close();
        engine.close();
        store.close();
        LOG.info("stopped");
    }
}
