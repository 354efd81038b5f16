package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.client.DsmClient;
import io.replikey.server.config.ConfigLoader;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan API of a real server (HTTPS) replicating from the stand-in source over real mutual TLS
 * with a credential made through the API: {@code recent_scan_summary} as DSM defines it, and the
 * {@code scan} and {@code scans} extensions.
 */
class ReplicationScanApiTest {
    private static final TestPki.Identity CA = TestPki.ca("stand-in CA");
    private static final TestPki.Identity SERVER = TestPki.server(CA, "localhost", "127.0.0.1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "\\d{8}T\\d{6}Z";

    @TempDir
    Path dir;

    private StandInSource source;
    private TestServer server;
    private DsmClient client;
    private TestServer.User admin;
    private UUID acctId;
    private String base;

    @BeforeEach
    void replicaWithAnActiveCredential() throws Exception {
        source = new StandInSource(SERVER, 2, 6);
        Path trust = TestPki.writePem(dir.resolve("source-ca.pem"), CA.certificate());
        server = TestServer.start(dir.resolve("data"), Map.of("replication-trust-ca", trust.toString()));
        client = server.client();
        admin = server.newUser();
        AccountPurpose purpose = purpose(null);
        acctId = client.createAccount(admin.token(), new AccountRequest("replica", null, null, purpose)).acctId();
        String credentialId = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        byte[] certificate = client.replicationCredentialSelfSignedCert(admin.token(), acctId, credentialId);
        UUID appId = UUID.randomUUID();
        source.registerApp(appId, TestPki.parse(certificate));
        client.updateReplicationCredential(admin.token(), acctId, credentialId, new UpdateReplicationCredentialRequest(
                "Certificate", appId.toString(), List.of(Base64.getEncoder().encodeToString(certificate))));
        client.updateAccount(admin.token(), acctId, new AccountRequest(null, null, null, purpose(credentialId)));
        base = "/sys/v1/accounts/" + acctId + "/replication";
    }

    @AfterEach
    void stop() {
        server.close();
        source.close();
    }

    @Test
    void aScanStartedThroughTheApiShowsInTheSummaryAndTheHistory() throws Exception {
        assertThat(get("/recent_scan_summary", admin.token()).body()).isEqualTo("{}");
        CountDownLatch release = new CountDownLatch(1);
        source.holdRequests(release);
        source.refuseExport(source.kids().get(3), 403);

        DsmClient.Exchange started = post("/scan", admin.token());
        assertThat(started.status()).isEqualTo(200);
        JsonNode scan = JSON.readTree(started.body());
        assertThat(scan.get("in_progress").booleanValue()).isTrue();
        assertThat(scan.get("triggered_by").textValue()).isEqualTo("manual");

        DsmClient.Exchange again = post("/scan", admin.token());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("text/plain");
        assertThat(again.body()).isEqualTo("a scan of this account is already running");
        JsonNode running = JSON.readTree(get("/recent_scan_summary", admin.token()).body());
        assertThat(fieldNames(running)).containsExactly("in_progress");
        assertThat(fieldNames(running.get("in_progress"))).containsExactly("started_at");
        assertThat(running.get("in_progress").get("started_at").textValue()).matches(TIME);

        release.countDown();
        JsonNode done = awaitCompleted();
        assertThat(fieldNames(done)).containsExactly("last_completed", "last_successful");
        assertThat(fieldNames(done.get("last_completed"))).containsExactly("started_at", "finished_at");
        assertThat(done.get("last_successful")).isEqualTo(done.get("last_completed"));

        JsonNode history = JSON.readTree(get("/scans", admin.token()).body());
        JsonNode last = history.get("scans").get(0);
        assertThat(last.get("scan_id").textValue()).isEqualTo(scan.get("scan_id").textValue());
        assertThat(last.get("in_progress").booleanValue()).isFalse();
        assertThat(last.get("counts").toString()).isEqualTo("{\"groups_seen\":2,\"objects_seen\":6,\"created\":6,"
                + "\"updated\":0,\"deleted\":0,\"unexportable\":1}");
        assertThat(history.get("unexportable_objects").toString()).isEqualTo("[{\"kid\":\"" + source.kids().get(3)
                + "\",\"name\":\"key 3\"}]");
    }

    @Test
    void aFailedScanRecordsItsErrorInTheSummary() throws Exception {
        source.close();

        assertThat(post("/scan", admin.token()).status()).isEqualTo(200);

        JsonNode done = awaitCompleted();
        assertThat(fieldNames(done)).containsExactly("last_completed");
        assertThat(done.get("last_completed").get("error_message").textValue()).startsWith("cannot reach");
    }

    @Test
    void onlyMembersWithManageReplicationSeeOrStartScans() {
        TestServer.User stranger = server.newUser();

        assertThat(get("/recent_scan_summary", stranger.token()).status()).isEqualTo(404);
        assertThat(post("/scan", stranger.token()).status()).isEqualTo(404);
        assertThat(get("/scans", stranger.token()).status()).isEqualTo(404);
        assertThat(get("/scans", null).status()).isEqualTo(401);
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void aTrustFileThatHoldsNoCertificateFailsTheStart() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("replication-trust-ca", bad.toString()), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replication-trust-ca");
    }

    private JsonNode awaitCompleted() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode summary = JSON.readTree(get("/recent_scan_summary", admin.token()).body());
            if (summary.has("last_completed") && !summary.has("in_progress")) {
                return summary;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no scan completed within 60 s");
    }

    private AccountPurpose purpose(String activeCredential) {
        return new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                new AccountPurpose.ConnectionSettings(source.url().toString(), activeCredential),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(6)));
    }

    private DsmClient.Exchange get(String path, String token) {
        return client.send("GET", base + path, token == null ? null : DsmClient.bearer(token), null);
    }

    private DsmClient.Exchange post(String path, String token) {
        return client.send("POST", base + path, DsmClient.bearer(token), null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
