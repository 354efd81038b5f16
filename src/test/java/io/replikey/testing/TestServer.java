package io.replikey.testing;

import io.replikey.client.DsmClient;
import io.replikey.server.ReplikeyServer;
import io.replikey.server.config.ConfigLoader;
import io.replikey.server.config.ServerConfig;
import io.replikey.wire.Account;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real replikey server for tests: HTTPS on 127.0.0.1, port 0, SQLite (or the given database)
 * in a test's data directory, and a {@link DsmClient} that pins the server's certificate.
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery staple";

    private final ReplikeyServer server;
    private final DsmClient client;
    private final Path dataDir;
    private final URI baseUri;

    private TestServer(ReplikeyServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.baseUri = URI.create("https://127.0.0.1:" + server.port());
        this.client = new DsmClient(baseUri, DsmClient.pinning(server.tlsCertificate()));
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Starts with extra settings, keyed as the CLI options are (e.g. "signup" -> "closed"). */
    public static TestServer start(Path dataDir, Map<String, String> settings) {
        Map<String, String> options = new HashMap<>(settings);
        options.putIfAbsent("data-dir", dataDir.toString());
        options.putIfAbsent("port", "0");
        ServerConfig config = ConfigLoader.load(options, Map.of(), null);
        return new TestServer(ReplikeyServer.start(config), dataDir);
    }

    public DsmClient client() {
        return client;
    }

    public URI baseUri() {
        return baseUri;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ReplikeyServer server() {
        return server;
    }

    /** A signed-up, authenticated user. */
    public record User(String email, String token) {
    }

    public User newUser() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        client.signupUser(email, PASSWORD);
        return new User(email, client.authenticate(email, PASSWORD));
    }

    /** Creates a replication account (source https://source.example.com, scans every 6 h). */
    public UUID newReplicationAccount(String token) {
        Account account = client.createAccount(token, new AccountRequest("replica-" + UUID.randomUUID(), null, null,
                replicationPurpose(null)));
        return account.acctId();
    }

    public static AccountPurpose replicationPurpose(String activeCredential) {
        return new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                new AccountPurpose.ConnectionSettings("https://source.example.com", activeCredential),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(6)));
    }

    @Override
    public void close() {
        server.close();
    }
}
