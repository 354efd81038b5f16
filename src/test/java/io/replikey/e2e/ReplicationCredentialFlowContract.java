package io.replikey.e2e;

import static io.replikey.server.crypto.CredentialCertificateAssertions.assertCredentialCertificate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.client.DsmClient;
import io.replikey.client.DsmException;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.testing.RawDatabase;
import io.replikey.testing.TestServer;
import io.replikey.wire.Account;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The credential story of design.md §1 steps 1–6 against a real server over HTTPS, including the
 * refusals: active credential deletion, a third credential, a Standard account, another user,
 * no token. Runs once per storage backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicationCredentialFlowContract {
    private TestServer server;
    private DsmClient client;
    private RawDatabase raw;

    /** The JDBC URL of a fresh, empty database for the server. */
    abstract String newDatabaseUrl(Path dataDir);

    @BeforeAll
    void start(@TempDir Path dataDir) {
        String databaseUrl = newDatabaseUrl(dataDir);
        server = TestServer.start(dataDir, Map.of("database", databaseUrl));
        client = server.client();
        raw = RawDatabase.at(databaseUrl, dataDir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void wholeCredentialFlow() {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());

        ReplicationCredential created = client.createReplicationCredential(admin.token(), acctId, null);
        assertThat(created.type()).isEqualTo("Certificate");
        assertThat(created.appId()).isNull();
        assertThat(created.certificateChain()).isNull();
        assertThat(created.keyType()).isEqualTo("ec-p256");
        String credentialId = created.credentialId();
        UUID credentialUuid = UUID.fromString(credentialId);

        Instant before = Instant.now();
        byte[] certificate = client.replicationCredentialSelfSignedCert(admin.token(), acctId, credentialId);
        byte[] storedPublicKey = raw.publicKeyOf(credentialUuid);
        assertCredentialCertificate(certificate, acctId, credentialUuid, storedPublicKey, CredentialKeyType.EC_P256,
                before, Instant.now());
        assertThat(client.getReplicationCredential(admin.token(), acctId, credentialId))
                .as("self_sign does not attach the certificate").isEqualTo(created);

        UUID appId = UUID.randomUUID();
        String chain = Base64.getEncoder().encodeToString(certificate);
        ReplicationCredential updated = client.updateReplicationCredential(admin.token(), acctId, credentialId,
                new UpdateReplicationCredentialRequest("Certificate", appId.toString(), List.of(chain)));
        assertThat(updated.appId()).isEqualTo(appId);
        assertThat(updated.certificateChain()).containsExactly(chain);
        assertThat(client.getReplicationCredential(admin.token(), acctId, credentialId)).isEqualTo(updated);

        Account active = client.updateAccount(admin.token(), acctId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(credentialId)));
        assertThat(active.purpose().connectionSettings().activeReplicationCredential()).isEqualTo(credentialId);

        assertStatus(409, () -> client.deleteReplicationCredential(admin.token(), acctId, credentialId));
        String second = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        assertStatus(409, () -> client.createReplicationCredential(admin.token(), acctId, null));
        assertThat(client.listReplicationCredentials(admin.token(), acctId).items())
                .extracting(ReplicationCredential::credentialId).containsExactly(credentialId, second);

        UUID standard = client.createAccount(admin.token(), new AccountRequest("plain", null, null, null)).acctId();
        assertStatus(400, () -> client.createReplicationCredential(admin.token(), standard, null));

        TestServer.User stranger = server.newUser();
        assertStatus(404, () -> client.getAccount(stranger.token(), acctId));
        assertStatus(404, () -> client.getReplicationCredential(stranger.token(), acctId, credentialId));
        assertStatus(404, () -> client.replicationCredentialSelfSignedCert(stranger.token(), acctId, credentialId));
        assertStatus(404, () -> client.deleteReplicationCredential(stranger.token(), acctId, second));
        assertThat(client.send("POST", selfSignPath(acctId, credentialId), null, null).status()).isEqualTo(401);

        client.deleteReplicationCredential(admin.token(), acctId, second);
        assertStatus(404, () -> client.getReplicationCredential(admin.token(), acctId, second));
        assertThat(client.listReplicationCredentials(admin.token(), acctId).items()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(CredentialKeyType.class)
    void selfSignOverHttpsForEveryKeyType(CredentialKeyType type) {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        ReplicationCredential credential = client.createReplicationCredential(admin.token(), acctId, type.configName());
        assertThat(credential.keyType()).isEqualTo(type.configName());
        UUID credentialId = UUID.fromString(credential.credentialId());
        byte[] publicKey = raw.publicKeyOf(credentialId);

        Instant before = Instant.now();
        byte[] first = client.replicationCredentialSelfSignedCert(admin.token(), acctId, credential.credentialId());
        byte[] second = client.replicationCredentialSelfSignedCert(admin.token(), acctId, credential.credentialId());
        Instant after = Instant.now();
        assertCredentialCertificate(first, acctId, credentialId, publicKey, type, before, after);
        assertCredentialCertificate(second, acctId, credentialId, publicKey, type, before, after);
        assertThat(first).as("each call issues a fresh certificate").isNotEqualTo(second);
    }

    @Test
    void selfSignAcceptsEmptyObjectAndRejectsAnythingElse() {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        String credentialId = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        String path = selfSignPath(acctId, credentialId);
        String auth = DsmClient.bearer(admin.token());

        DsmClient.Exchange empty = client.send("POST", path, auth, "{}".getBytes());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.contentType()).startsWith("application/json");
        DsmClient.Exchange extra = client.send("POST", path, auth, "{\"validity\":1}".getBytes());
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.contentType()).startsWith("text/plain");
        assertThat(extra.body()).isEqualTo("unknown field 'validity'");
    }

    @Test
    void chainWhoseLeafHoldsAnotherKeyIsRefusedAndChangesNothing() {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        ReplicationCredential mine = client.createReplicationCredential(admin.token(), acctId, null);
        ReplicationCredential other = client.createReplicationCredential(admin.token(), acctId, null);
        byte[] otherCert = client.replicationCredentialSelfSignedCert(admin.token(), acctId, other.credentialId());

        assertStatus(400, () -> client.updateReplicationCredential(admin.token(), acctId, mine.credentialId(),
                new UpdateReplicationCredentialRequest("Certificate", UUID.randomUUID().toString(),
                        List.of(Base64.getEncoder().encodeToString(otherCert)))));
        assertThat(client.getReplicationCredential(admin.token(), acctId, mine.credentialId())).isEqualTo(mine);
    }

    @Test
    void onlyUsableCredentialCanBecomeActiveAndFailoverIsOneWay() {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        String bare = client.createReplicationCredential(admin.token(), acctId, null).credentialId();
        assertStatus(409, () -> client.updateAccount(admin.token(), acctId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(bare))));
        assertStatus(400, () -> client.updateAccount(admin.token(), acctId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(UUID.randomUUID().toString()))));
        assertStatus(409, () -> client.updateAccount(admin.token(), acctId,
                new AccountRequest("renamed", null, null, null)));

        Account failedOver = client.updateAccount(admin.token(), acctId,
                new AccountRequest(null, null, null, AccountPurpose.standard()));
        assertThat(failedOver.purpose().type()).isEqualTo("Standard");
        assertThat(failedOver.originalPurpose().type()).isEqualTo("AccountReplication");
        assertStatus(409, () -> client.updateAccount(admin.token(), acctId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(null))));
        assertThat(client.updateAccount(admin.token(), acctId, new AccountRequest("renamed", null, null, null)).name())
                .isEqualTo("renamed");
    }

    @Test
    void concurrentCreatesOverHttpsYieldExactlyTwoCredentials() throws Exception {
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        String path = "/sys/v1/accounts/" + acctId + "/replication/credentials";
        byte[] body = "{\"$type\":\"Certificate\"}".getBytes();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> client.send("POST", path, DsmClient.bearer(admin.token()), body).status()));
            }
            List<Integer> answered = new java.util.ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            assertThat(answered).filteredOn(s -> s == 200).hasSize(2);
            assertThat(answered).filteredOn(s -> s == 409).hasSize(6);
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.listReplicationCredentials(admin.token(), acctId).items()).hasSize(2);
    }

    @Test
    void inputNoBackendCanStoreIsRefusedBeforeItReachesTheDatabase() {
        TestServer.User admin = server.newUser();
        String auth = DsmClient.bearer(admin.token());
        int before = accountCount(admin);

        DsmClient.Exchange nul = client.send("POST", "/sys/v1/accounts", auth, "{\"name\":\"a\\u0000b\"}".getBytes());
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).isEqualTo("field 'name' has an invalid value");
        // With a byte-order mark UTF-16 is not UTF-8 at all; without one, ASCII in UTF-16 decodes
        // as UTF-8 with NULs between the characters, which is not JSON.
        DsmClient.Exchange utf16 = client.send("POST", "/sys/v1/accounts", auth,
                "{\"name\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertThat(utf16.status()).isEqualTo(400);
        assertThat(utf16.body()).isEqualTo("request body is not valid UTF-8");
        assertThat(client.send("POST", "/sys/v1/accounts", auth,
                "{\"name\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE)).body())
                .isEqualTo("malformed JSON");
        assertStatus(400, () -> client.createAccount(admin.token(), new AccountRequest("n", "d".repeat(4097), null, null)));
        String longField = "f".repeat(500) + "\u0007";
        DsmClient.Exchange unknown = client.send("POST", "/sys/v1/accounts", auth,
                ("{\"name\":\"n\",\"" + longField + "\":1}").getBytes());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).hasSizeLessThan(100).doesNotContain("\u0007");
        assertThat(accountCount(admin)).isEqualTo(before);

        assertThat(client.send("HEAD", "/sys/v1/accounts", null, null).status()).isEqualTo(405);
    }

    @Test
    void disabledAccountKeepsItsCredentialsReadableButUnusable() {
        TestServer.User admin = server.newUser();
        UUID acctId = client.createAccount(admin.token(), new AccountRequest("off", null, false,
                TestServer.replicationPurpose(null))).acctId();
        assertThat(client.getAccount(admin.token(), acctId).enabled()).isFalse();
        assertStatus(409, () -> client.createReplicationCredential(admin.token(), acctId, null));
        assertThat(client.listReplicationCredentials(admin.token(), acctId).items()).isEmpty();
    }

    @Test
    void accountNameFollowsDsmPattern() {
        TestServer.User admin = server.newUser();
        assertStatus(400, () -> client.createAccount(admin.token(), new AccountRequest("two\nlines", null, null, null)));
        assertStatus(400, () -> client.createAccount(admin.token(), new AccountRequest(" \t ", null, null, null)));
        assertThat(client.createAccount(admin.token(), new AccountRequest(" padded name ", null, null, null)).name())
                .isEqualTo(" padded name ");
    }

    @Test
    void accountValidationRules() {
        TestServer.User admin = server.newUser();
        int before = accountCount(admin);
        assertStatus(400, () -> client.createAccount(admin.token(), purposeRequest("http://source.example.com", 6, null)));
        assertStatus(400, () -> client.createAccount(admin.token(), purposeRequest("https://source.example.com", 0, null)));
        assertStatus(400, () -> client.createAccount(admin.token(), purposeRequest("https://source.example.com", 256, null)));
        assertStatus(400, () -> client.createAccount(admin.token(),
                purposeRequest("https://source.example.com", 6, UUID.randomUUID().toString())));
        assertThat(accountCount(admin)).isEqualTo(before);
        assertThat(client.createAccount(admin.token(), purposeRequest("https://source.example.com", 255, null))
                .purpose().scanSettings().autoScan().scanIntervalHours()).isEqualTo(255);
        assertThat(client.createAccount(admin.token(), purposeRequest("https://source.example.com", 1, null))
                .enabled()).isTrue();
    }

    private int accountCount(TestServer.User user) {
        return client.call("GET", "/sys/v1/accounts", DsmClient.bearer(user.token()), null, Account[].class).length;
    }

    private static AccountRequest purposeRequest(String url, int hours, String active) {
        return new AccountRequest("replica", null, null, new AccountPurpose("AccountReplication",
                new AccountPurpose.ConnectionSettings(url, active),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(hours))));
    }

    private static String selfSignPath(UUID acctId, String credentialId) {
        return "/sys/v1/accounts/" + acctId + "/replication/credentials/" + credentialId + "/self_sign";
    }

    private static void assertStatus(int status, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DsmException.class,
                e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
    }
}
