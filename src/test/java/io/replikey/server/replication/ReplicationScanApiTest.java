package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.client.DsmClient;
import io.replikey.server.config.ConfigLoader;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.net.URI;
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
    private String credentialId;
    private UUID appId;

    @BeforeEach
    void replicaWithAnActiveCredential() throws Exception {
        source = new StandInSource(SERVER, 2, 6);
        Path trust = TestPki.writePem(dir.resolve("source-ca.pem"), CA.certificate());
        server = TestServer.start(dir.resolve("data"), Map.of("replication-trust-ca", trust.toString()));
        client = server.client();
        admin = server.newUser();
        AccountPurpose purpose = purpose(null);
        acctId = client.createAccount(admin.token(), new AccountRequest("replica", null, null, purpose)).acctId();
        credentialId = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        appId = registerAtTheSource(credentialId);
        client.updateAccount(admin.token(), acctId, new AccountRequest(null, null, null, purpose(credentialId)));
        base = "/sys/v1/accounts/" + acctId + "/replication";
    }

    /** Registers the credential's self-signed certificate as a new app at the source and sets its app_id and chain. */
    private UUID registerAtTheSource(String credential) {
        byte[] certificate = client.replicationCredentialSelfSignedCert(admin.token(), acctId, credential);
        UUID app = UUID.randomUUID();
        source.registerApp(app, TestPki.parse(certificate));
        client.updateReplicationCredential(admin.token(), acctId, credential, new UpdateReplicationCredentialRequest(
                "Certificate", app.toString(), List.of(Base64.getEncoder().encodeToString(certificate))));
        return app;
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

    @Test
    void aCredentialThatAuthenticatesTestsOkWithoutScanning() throws Exception {
        DsmClient.Exchange tested = post("/credentials/" + credentialId + "/test", admin.token());

        assertThat(tested.status()).isEqualTo(200);
        assertThat(tested.body()).isEqualTo("{\"ok\":true}");
        assertThat(source.authenticatedApps()).containsExactly(appId);
        assertThat(source.requests()).extracting(StandInSource.Request::path).containsExactly("/sys/v1/session/auth");
        assertThat(get("/scans", admin.token()).body()).contains("\"scans\":[]");
    }

    @Test
    void anAppUnknownToTheSourceTestsAsARefusedCredential() throws Exception {
        source.removeApp(appId);

        assertRefused(testCredential(), "CLIENT_CERTIFICATE_REFUSED", "unknown app or certificate mismatch");
    }

    @Test
    void aCertificateTheSourceDoesNotMatchWithTheAppTestsAsARefusedCredential() throws Exception {
        source.registerApp(appId, TestPki.credential(CredentialKeyType.EC_P256).certificate());

        assertRefused(testCredential(), "CLIENT_CERTIFICATE_REFUSED", "Client certificate does not match");
    }

    @Test
    void aSourceCertificateThatIsNotTrustedTestsAsTlsTrust() throws Exception {
        try (StandInSource stranger = new StandInSource(TestPki.server(TestPki.ca("unknown CA"), "localhost",
                "127.0.0.1"), 1, 1)) {
            pointAt(stranger);

            assertRefused(testCredential(), "TLS_TRUST", stranger.url().toString());
            assertThat(stranger.requests()).isEmpty();
        }
    }

    @Test
    void anUnreachableSourceTestsAsNetwork() throws Exception {
        source.close();

        assertRefused(testCredential(), "NETWORK", "cannot reach " + source.url());
    }

    @Test
    void onlyACredentialWithAppIdAndChainCanBeTestedAndOnlyByAnAdministrator() {
        String bare = client.createReplicationCredential(admin.token(), acctId, null).credentialId();

        DsmClient.Exchange incomplete = post("/credentials/" + bare + "/test", admin.token());
        assertThat(incomplete.status()).isEqualTo(409);
        assertThat(incomplete.body()).isEqualTo("credential " + bare
                + " needs app_id and certificate_chain before it can be tested");
        assertThat(post("/credentials/" + UUID.randomUUID() + "/test", admin.token()).status()).isEqualTo(404);
        assertThat(post("/credentials/not-a-uuid/test", admin.token()).status()).isEqualTo(400);
        assertThat(post("/credentials/" + credentialId + "/test", server.newUser().token()).status())
                .isEqualTo(404);
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void switchingTheActiveCredentialTakesEffectAtTheNextScanAndTheOldOneCanThenBeDeleted() throws Exception {
        String second = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        UUID secondApp = registerAtTheSource(second);
        CountDownLatch release = new CountDownLatch(1);
        source.holdRequests(release);
        assertThat(post("/scan", admin.token()).status()).isEqualTo(200);

        client.updateAccount(admin.token(), acctId, new AccountRequest(null, null, null, purpose(second)));
        release.countDown();

        assertThat(awaitCompleted().get("last_successful")).isNotNull();
        assertThat(source.authenticatedApps()).containsOnly(appId);
        JsonNode next = scanToTheEnd();
        assertThat(next.get("error_message")).isNull();
        assertThat(source.authenticatedApps()).last().isEqualTo(secondApp);

        client.deleteReplicationCredential(admin.token(), acctId, credentialId);
        source.removeApp(appId);
        JsonNode afterDeletion = scanToTheEnd();

        assertThat(afterDeletion.get("error_message")).isNull();
        assertThat(source.authenticatedApps()).last().isEqualTo(secondApp);
        assertThat(source.authenticatedApps()).filteredOn(secondApp::equals).hasSize(2);
    }

    /** Starts a scan through the API and returns it from the history once it finished. */
    private JsonNode scanToTheEnd() throws Exception {
        String scanId = JSON.readTree(post("/scan", admin.token()).body()).get("scan_id").textValue();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode scan : JSON.readTree(get("/scans", admin.token()).body()).get("scans")) {
                if (scan.get("scan_id").textValue().equals(scanId) && !scan.get("in_progress").booleanValue()) {
                    return scan;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("scan " + scanId + " did not finish within 60 s");
    }

    private DsmClient.Exchange testCredential() {
        return post("/credentials/" + credentialId + "/test", admin.token());
    }

    private static void assertRefused(DsmClient.Exchange tested, String kind, String reason) throws Exception {
        assertThat(tested.status()).isEqualTo(200);
        JsonNode answer = JSON.readTree(tested.body());
        assertThat(fieldNames(answer)).containsExactly("ok", "kind", "reason");
        assertThat(answer.get("ok").booleanValue()).isFalse();
        assertThat(answer.get("kind").textValue()).isEqualTo(kind);
        assertThat(answer.get("reason").textValue()).contains(reason);
    }

    /** Points the account's connection settings at another source, keeping the active credential. */
    private void pointAt(StandInSource other) {
        client.updateAccount(admin.token(), acctId, new AccountRequest(null, null, null,
                purpose(other.url(), credentialId)));
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
        return purpose(source.url(), activeCredential);
    }

    private static AccountPurpose purpose(URI url, String activeCredential) {
        return new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                new AccountPurpose.ConnectionSettings(url.toString(), activeCredential),
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
