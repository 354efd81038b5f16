package io.replikey.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.server.DataDirectory;
import io.replikey.server.ReplikeyServer;
import io.replikey.server.config.ConfigLoader;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code replikey demo}: starts a source and a destination server in this JVM on 127.0.0.1
 * (ephemeral ports, SQLite in one temporary directory, the process's {@code REPLIKEY_*}
 * environment ignored) and walks the replication story over real HTTPS with {@link DsmClient},
 * printing each numbered step and its result to standard output. Exit code 0 when every step
 * succeeded and the source's ciphertext decrypted on the failed-over destination, 1 otherwise.
 * The temporary directory is deleted in all cases.
 *
 * <p>Limits: a demonstration, not a test harness; one run at a time per JVM is sensible (each
 * run has its own servers and directory, nothing is shared). Not thread-safe (a picocli command).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a source and a destination replikey on 127.0.0.1 and walk the whole replication "
                + "story over HTTPS: keys, credential, self_sign, app, activation, scan, change and delete, "
                + "rescan, failover, and a ciphertext from the source decrypted on the destination.",
                "Everything lives in a temporary directory that is deleted at the end."})
public final class DemoCommand implements Callable<Integer> {
    private static final String PASSWORD = "demo password, thrown away at exit";
    private static final String NEW_DESCRIPTION = "rotated custodian: team B";
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(60);
    /** How often a started scan is looked up; short, as benchmarks time scans by it. */
    private static final Duration SCAN_POLL = Duration.ofMillis(5);

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private int step;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        Path dir;
        try {
            // The property is read on each run (Files.createTempDirectory(prefix) caches it per JVM).
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "replikey-demo-");
        } catch (IOException e) {
            return failed("cannot create a temporary directory: " + e);
        }
        int code;
        try {
            run(dir);
            out.println("demo succeeded");
            out.flush();
            code = 0;
        } catch (RuntimeException e) { // any failure ends the demo with its reason, never a stack trace
            code = failed("after step " + step + ": " + e.getMessage());
        }
        try {
            DataDirectory.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            code = failed(e.getMessage());
        }
        return code;
    }

    private int failed(String reason) {
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("demo failed: " + reason);
        err.flush();
        return 1;
    }

    private void run(Path dir) throws InterruptedException {
        try (ReplikeyServer source = start(dir.resolve("source"), Map.of())) {
            URI sourceUri = URI.create("https://127.0.0.1:" + source.port());
            Path sourceCertificate = dir.resolve("source").resolve("tls").resolve("server-cert.pem");
            try (ReplikeyServer destination = start(dir.resolve("destination"),
                    Map.of("replication-trust-ca", sourceCertificate.toString()))) {
                URI destinationUri = URI.create("https://127.0.0.1:" + destination.port());
                step("servers started", "source " + sourceUri + ", destination " + destinationUri
                        + " (trusts the source's certificate " + sourceCertificate.getFileName() + ")");
                walk(new DsmClient(sourceUri, DsmClient.pinning(source.tlsCertificate())), sourceUri,
                        new DsmClient(destinationUri, DsmClient.pinning(destination.tlsCertificate())));
            }
        }
    }

    private void walk(DsmClient sourceClient, URI sourceUri, DsmClient destination) throws InterruptedException {
        SourceAccount source = createSourceKeys(sourceClient);
        Replica replica = connect(source.session(), source.groupId(), sourceUri, destination, this::step);
        replicate(source, replica);
        failOverAndDecrypt(source, replica);
    }

    /** A user's session on the source, its group and two exportable keys. */
    private record SourceAccount(Session session, String groupId, String aes, String ec) {
    }

    /** The destination's operator session and replication account. */
    public record Replica(Session session, UUID acctId) {
    }

    /** A user's bearer token on one server (shared with {@code replikey bench scan}). */
    public record Session(DsmClient client, String token) {
        public JsonNode call(String method, String path, Object body) {
            return client.call(method, path, DsmClient.bearer(token), body, JsonNode.class);
        }
    }

    private SourceAccount createSourceKeys(DsmClient source) {
        Session owner = signUp(source, "owner");
        UUID sourceAcct = source.createAccount(owner.token(), new AccountRequest("payments-prod", null, null, null))
                .acctId();
        select(owner, sourceAcct);
        String groupId = owner.call("POST", "/sys/v1/groups", Map.of("name", "payments")).get("group_id").asText();
        String aes = createKey(owner, groupId, Map.of("name", "card-data", "obj_type", "AES",
                "key_size", 256, "key_ops", List.of("ENCRYPT", "DECRYPT", "EXPORT", "APPMANAGEABLE")));
        String ec = createKey(owner, groupId, Map.of("name", "old-signing", "obj_type", "EC",
                "elliptic_curve", "NistP256", "key_ops", List.of("SIGN", "VERIFY", "EXPORT", "APPMANAGEABLE")));
        step("keys created on the source", "account " + sourceAcct + ", group payments " + groupId
                + ", AES-256 card-data " + aes + ", EC P-256 old-signing " + ec);
        return new SourceAccount(owner, groupId, aes, ec);
    }

    /**
     * Creates a replication account on the destination and walks credential, self_sign, app on the
     * source (EXPORT and MANAGE on {@code groupId}) and activation, reporting each step.
     */
    public static Replica connect(Session sourceOwner, String groupId, URI sourceUri, DsmClient destination,
            BiConsumer<String, String> step) {
        Session session = signUp(destination, "operator");
        String operator = session.token();
        UUID replica = destination.createAccount(operator, new AccountRequest("payments-replica", null, null,
                replication(sourceUri, null))).acctId();
        step.accept("replication account created on the destination", "account " + replica + ", source " + sourceUri);

        String credentialId = destination.createReplicationCredential(operator, replica, null).credentialId();
        step.accept("replication credential created", "credential " + credentialId);

        byte[] certificate = destination.replicationCredentialSelfSignedCert(operator, replica, credentialId);
        String certificateBase64 = Base64.getEncoder().encodeToString(certificate);
        step.accept("self_sign", "certificate of " + certificate.length + " bytes (its private key stays on the destination)");

        String appId = sourceOwner.call("POST", "/sys/v1/apps", Map.of("name", "replication to " + replica, "role", "admin",
                "credential", Map.of("certificate", certificateBase64),
                "add_groups", Map.of(groupId, List.of("EXPORT", "MANAGE")))).get("app_id").asText();
        step.accept("app registered on the source with that certificate", "app " + appId + ", EXPORT and MANAGE on payments");

        destination.updateReplicationCredential(operator, replica, credentialId,
                new UpdateReplicationCredentialRequest("Certificate", appId, List.of(certificateBase64)));
        destination.updateAccount(operator, replica, new AccountRequest(null, null, null,
                replication(sourceUri, credentialId)));
        step.accept("credential activated", "credential " + credentialId + " bound to app " + appId
                + " and active on account " + replica);

        select(session, replica);
        return new Replica(session, replica);
    }

    private void replicate(SourceAccount source, Replica replica) throws InterruptedException {
        JsonNode first = scan(replica);
        step("scan", "counts " + first.get("counts") + "; recent_scan_summary "
                + replica.session().call("GET", replication(replica.acctId()) + "/recent_scan_summary", null));

        source.session().call("PATCH", "/crypto/v1/keys/" + source.aes(), Map.of("description", NEW_DESCRIPTION));
        source.session().call("DELETE", "/crypto/v1/keys/" + source.ec(), null);
        step("key changed and key deleted on the source", "card-data " + source.aes()
                + " got a new description (PATCH), old-signing " + source.ec() + " deleted");

        JsonNode second = scan(replica);
        JsonNode copy = replica.session().call("GET", "/crypto/v1/keys/" + source.aes(), null);
        int gone = replica.session().client().send("GET", "/crypto/v1/keys/" + source.ec(),
                DsmClient.bearer(replica.session().token()), null).status();
        expect(copy.path("description").asText().equals(NEW_DESCRIPTION), "the change did not replicate");
        expect(gone == 404, "the deleted key still answers " + gone + " on the destination");
        step("rescan", "counts " + second.get("counts") + "; card-data description on the destination \""
                + copy.get("description").asText() + "\", old-signing answers " + gone);
    }

    private void failOverAndDecrypt(SourceAccount source, Replica replica) {
        replica.session().client().updateAccount(replica.session().token(), replica.acctId(),
                new AccountRequest(null, null, null, AccountPurpose.standard()));
        step("failover", "account " + replica.acctId() + " purpose is now "
                + replica.session().client().getAccount(replica.session().token(), replica.acctId()).purpose().type());

        String plain = "4111 1111 1111 1111";
        String plainBase64 = Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        JsonNode encrypted = source.session().call("POST", "/crypto/v1/encrypt", Map.of(
                "key", Map.of("kid", source.aes()), "alg", "AES", "mode", "GCM", "plain", plainBase64));
        step("encrypted on the source", "AES-GCM with card-data: cipher " + encrypted.get("cipher").asText()
                + ", iv " + encrypted.get("iv").asText() + ", tag " + encrypted.get("tag").asText());
        JsonNode decrypted = replica.session().call("POST", "/crypto/v1/decrypt", Map.of("key",
                Map.of("kid", source.aes()), "alg", "AES", "mode", "GCM", "cipher", encrypted.get("cipher").asText(),
                "iv", encrypted.get("iv").asText(), "tag", encrypted.get("tag").asText()));
        String result = new String(Base64.getDecoder().decode(decrypted.get("plain").asText()), StandardCharsets.UTF_8);
        expect(result.equals(plain), "the destination decrypted \"" + result + "\", not \"" + plain + "\"");
        step("decrypted on the destination", "\"" + result + "\" matches the plaintext encrypted on the source");
    }

    private void step(String what, String result) {
        step++;
        out.printf("%2d. %s: %s%n", step, what, result);
        out.flush();
    }

    public static ReplikeyServer start(Path dataDir, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.putAll(Map.of("data-dir", dataDir.toString(), "bind", "127.0.0.1", "port", "0", "signup", "open"));
        // An empty environment: REPLIKEY_DATABASE and friends must not redirect the demo's writes.
        return ReplikeyServer.start(ConfigLoader.load(options, Map.of(), null));
    }

    /** Signs up a throw-away user and authenticates it. */
    public static Session signUp(DsmClient client, String who) {
        String email = who + "-" + UUID.randomUUID() + "@example.com";
        client.signupUser(email, PASSWORD);
        return new Session(client, client.authenticate(email, PASSWORD));
    }

    /** Crypto and key calls act on the session's selected account. */
    public static void select(Session session, UUID acctId) {
        session.call("POST", "/sys/v1/session/select_account", Map.of("acct_id", acctId.toString()));
    }

    public static String createKey(Session session, String groupId, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("group_id", groupId);
        return session.call("POST", "/crypto/v1/keys", body).get("kid").asText();
    }

    public static AccountPurpose replication(URI source, String activeCredential) {
        return new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                new AccountPurpose.ConnectionSettings(source.toString(), activeCredential),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(24)));
    }

    public static String replication(UUID acctId) {
        return "/sys/v1/accounts/" + acctId + "/replication";
    }

    /** Starts a scan and returns its history entry once it finished without error. */
    private static JsonNode scan(Replica replica) throws InterruptedException {
        return scan(replica, SCAN_TIMEOUT);
    }

    /** Starts a scan and returns its history entry once it finished without error within {@code timeout}. */
    public static JsonNode scan(Replica replica, Duration timeout) throws InterruptedException {
        String base = replication(replica.acctId());
        String scanId = replica.session().call("POST", base + "/scan", null).get("scan_id").asText();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode scan : replica.session().call("GET", base + "/scans", null).get("scans")) {
                if (scan.get("scan_id").asText().equals(scanId) && !scan.get("in_progress").booleanValue()) {
                    JsonNode error = scan.get("error_message");
                    expect(error == null || error.isNull(), "scan " + scanId + " failed: " + error);
                    return scan;
                }
            }
            Thread.sleep(SCAN_POLL.toMillis());
        }
        throw new DemoFailure("scan " + scanId + " did not finish within " + timeout.toSeconds() + " s");
    }

    private static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new DemoFailure(failure);
        }
    }

    /** A step's result was not what the story needs. */
    private static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }
}
