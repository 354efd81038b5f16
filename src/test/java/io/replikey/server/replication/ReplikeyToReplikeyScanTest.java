package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.testing.AccountSession;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real replikey servers over real mutual TLS: the source's user registers the destination's
 * self-signed credential certificate as an app with export permission in a group; the destination
 * scans the source through the DSM API and holds the same groups, keys and material.
 */
class ReplikeyToReplikeyScanTest {
    private static final List<String> EXPORTABLE_AES = List.of("ENCRYPT", "DECRYPT", "EXPORT", "APPMANAGEABLE");

    @TempDir
    Path dir;

    private TestServer source;
    private TestServer destination;

    @AfterEach
    void stop() {
        if (destination != null) {
            destination.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void theDestinationReplicatesTheSourceAccountAndFollowsADeletion() throws Exception {
        AccountSession owner = startServersWithASourceAccount();
        String groupId = owner.call("POST", "/sys/v1/groups", Map.of("name", "payments"), 200).get("group_id").asText();
        String aes = createKey(owner, groupId, "aes", Map.of("obj_type", "AES", "key_size", 256,
                "key_ops", EXPORTABLE_AES));
        String ec = createKey(owner, groupId, "ec", Map.of("obj_type", "EC", "elliptic_curve", "NistP256",
                "key_ops", List.of("SIGN", "VERIFY", "EXPORT", "APPMANAGEABLE")));
        String sealed = createKey(owner, groupId, "sealed", Map.of("obj_type", "AES", "key_size", 128,
                "key_ops", List.of("ENCRYPT", "DECRYPT", "APPMANAGEABLE")));

        TestServer.User operator = destination.newUser();
        UUID replica = replicaWithActiveCredential(owner, groupId, operator);
        AccountSession replicaSession = AccountSession.select(destination, operator.token(), replica);

        JsonNode first = scan(replicaSession, replica);

        assertThat(first.get("error_message")).isNull();
        assertThat(first.get("counts").toString()).isEqualTo("{\"groups_seen\":1,\"objects_seen\":3,\"created\":3,"
                + "\"updated\":0,\"deleted\":0,\"unexportable\":1}");
        JsonNode group = replicaSession.call("GET", "/sys/v1/groups/" + groupId, null, 200);
        assertThat(group.get("name").asText()).isEqualTo("payments");
        for (String kid : List.of(aes, ec)) {
            JsonNode original = owner.call("POST", "/crypto/v1/keys/export", Map.of("kid", kid), 200);
            JsonNode copy = replicaSession.call("POST", "/crypto/v1/keys/export", Map.of("kid", kid), 200);
            assertThat(copy.get("value").asText()).as(kid).isEqualTo(original.get("value").asText());
            for (String field : List.of("name", "obj_type", "key_size", "elliptic_curve", "key_ops", "group_id",
                    "created_at", "kcv", "pub_key")) {
                assertThat(copy.get(field)).as(kid + " " + field).isEqualTo(original.get(field));
            }
        }
        JsonNode scans = replicaSession.call("GET", "/sys/v1/accounts/" + replica + "/replication/scans", null, 200);
        assertThat(scans.get("unexportable_objects").toString())
                .isEqualTo("[{\"kid\":\"" + sealed + "\",\"name\":\"sealed\"}]");

        owner.call("DELETE", "/crypto/v1/keys/" + ec, null, 204);
        JsonNode second = scan(replicaSession, replica);

        assertThat(second.get("counts").toString()).isEqualTo("{\"groups_seen\":1,\"objects_seen\":2,\"created\":0,"
                + "\"updated\":0,\"deleted\":1,\"unexportable\":1}");
        assertThat(replicaSession.send("GET", "/crypto/v1/keys/" + ec, null).status()).isEqualTo(404);
    }

    @Test
    void aReplicaIsReadOnlyButServesCryptoUntilFailoverWhichMakesItWritableForGood() throws Exception {
        AccountSession owner = startServersWithASourceAccount();
        String groupId = owner.call("POST", "/sys/v1/groups", Map.of("name", "payments"), 200).get("group_id").asText();
        String aes = createKey(owner, groupId, "aes", Map.of("obj_type", "AES", "key_size", 256,
                "key_ops", EXPORTABLE_AES));
        String plain = Base64.getEncoder().encodeToString("made on the source".getBytes(StandardCharsets.UTF_8));
        JsonNode sealed = owner.call("POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", aes), "alg", "AES",
                "mode", "GCM", "plain", plain), 200);
        Map<String, Object> decrypt = Map.of("key", Map.of("kid", aes), "alg", "AES", "mode", "GCM",
                "iv", sealed.get("iv").asText(), "cipher", sealed.get("cipher").asText(),
                "tag", sealed.get("tag").asText());
        TestServer.User operator = destination.newUser();
        UUID replica = replicaWithActiveCredential(owner, groupId, operator);
        AccountSession replicaSession = AccountSession.select(destination, operator.token(), replica);
        assertThat(scan(replicaSession, replica).get("error_message")).isNull();
        String account = "/sys/v1/accounts/" + replica;

        String readOnly = "read-only until failover";
        replicaSession.refused("POST", "/sys/v1/groups", Map.of("name", "new"), 409, readOnly);
        replicaSession.refused("PATCH", "/sys/v1/groups/" + groupId, Map.of("description", "x"), 409, readOnly);
        replicaSession.refused("DELETE", "/sys/v1/groups/" + groupId, null, 409, readOnly);
        replicaSession.refused("POST", "/crypto/v1/keys", Map.of("name", "new", "group_id", groupId,
                "obj_type", "AES", "key_size", 128), 409, readOnly);
        replicaSession.refused("PATCH", "/crypto/v1/keys/" + aes, Map.of("name", "renamed"), 409, readOnly);
        replicaSession.refused("DELETE", "/crypto/v1/keys/" + aes, null, 409, readOnly);
        assertThat(replicaSession.call("POST", "/crypto/v1/decrypt", decrypt, 200).get("plain").asText())
                .isEqualTo(plain);
        assertThat(replicaSession.call("GET", "/crypto/v1/keys/" + aes, null, 200).get("name").asText())
                .isEqualTo("aes");

        JsonNode failedOver = replicaSession.call("PATCH", account,
                Map.of("purpose", Map.of("$type", "Standard")), 200);

        assertThat(failedOver.get("purpose").toString()).isEqualTo("{\"$type\":\"Standard\"}");
        assertThat(failedOver.get("original_purpose").toString()).isEqualTo("{\"$type\":\"AccountReplication\"}");
        assertThat(replicaSession.call("POST", "/crypto/v1/decrypt", decrypt, 200).get("plain").asText())
                .isEqualTo(plain);
        replicaSession.call("PATCH", "/crypto/v1/keys/" + aes, Map.of("name", "renamed"), 200);
        String made = createKey(replicaSession, groupId, "made after failover", Map.of("obj_type", "AES",
                "key_size", 128, "key_ops", EXPORTABLE_AES));
        replicaSession.call("PATCH", "/sys/v1/groups/" + groupId, Map.of("description", "ours now"), 200);
        String spare = replicaSession.call("POST", "/sys/v1/groups", Map.of("name", "spare"), 200)
                .get("group_id").asText();
        replicaSession.call("DELETE", "/sys/v1/groups/" + spare, null, 204);
        replicaSession.call("DELETE", "/crypto/v1/keys/" + made, null, 204);
        replicaSession.call("DELETE", "/crypto/v1/keys/" + aes, null, 204);
        replicaSession.refused("POST", account + "/replication/scan", null, 400,
                "account is not a replication account");
        replicaSession.refused("PATCH", account, Map.of("purpose", purposeBody()), 409,
                "a Standard account cannot become a replication account");
        assertThat(replicaSession.call("GET", account, null, 200).get("purpose").toString())
                .isEqualTo("{\"$type\":\"Standard\"}");
    }

    /** Starts the source and a destination that trusts its certificate; a Standard account on the source. */
    private AccountSession startServersWithASourceAccount() throws Exception {
        source = TestServer.start(dir.resolve("source"));
        Path trust = TestPki.writePem(dir.resolve("source-cert.pem"), source.server().tlsCertificate());
        destination = TestServer.start(dir.resolve("destination"), Map.of("replication-trust-ca", trust.toString()));
        return AccountSession.newStandardAccount(source);
    }

    /**
     * A replication account on the destination whose active credential is registered on the
     * source as an admin app with EXPORT and MANAGE in {@code groupId}.
     */
    private UUID replicaWithActiveCredential(AccountSession owner, String groupId, TestServer.User operator) {
        DsmClient client = destination.client();
        UUID replica = client.createAccount(operator.token(), new AccountRequest("replica", null, null,
                purpose(null))).acctId();
        String credentialId = client.createReplicationCredential(operator.token(), replica, null).credentialId();
        byte[] certificate = client.replicationCredentialSelfSignedCert(operator.token(), replica, credentialId);
        String appId = owner.call("POST", "/sys/v1/apps", Map.of("name", "replication", "role", "admin",
                "credential", Map.of("certificate", Base64.getEncoder().encodeToString(certificate)),
                "add_groups", Map.of(groupId, List.of("EXPORT", "MANAGE"))), 200).get("app_id").asText();
        client.updateReplicationCredential(operator.token(), replica, credentialId, new UpdateReplicationCredentialRequest(
                "Certificate", appId, List.of(Base64.getEncoder().encodeToString(certificate))));
        client.updateAccount(operator.token(), replica, new AccountRequest(null, null, null, purpose(credentialId)));
        return replica;
    }

    /** The purpose of a replication account of the source, as a PATCH body's JSON. */
    private Map<String, Object> purposeBody() {
        return Map.of("$type", "AccountReplication", "connection_settings", Map.of("url",
                source.baseUri().toString()), "scan_settings", Map.of("auto_scan", Map.of("scan_interval_hours", 24)));
    }

    private static String createKey(AccountSession owner, String groupId, String name, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("name", name);
        body.put("group_id", groupId);
        return owner.call("POST", "/crypto/v1/keys", body, 200).get("kid").asText();
    }

    private AccountPurpose purpose(String activeCredential) {
        return new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                new AccountPurpose.ConnectionSettings(source.baseUri().toString(), activeCredential),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(24)));
    }

    /** Starts a scan through the API and returns it from the history once it finished. */
    private static JsonNode scan(AccountSession session, UUID acctId) throws InterruptedException {
        String base = "/sys/v1/accounts/" + acctId + "/replication";
        String scanId = session.call("POST", base + "/scan", null, 200).get("scan_id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode scan : session.call("GET", base + "/scans", null, 200).get("scans")) {
                if (scan.get("scan_id").asText().equals(scanId) && !scan.get("in_progress").booleanValue()) {
                    return scan;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("scan " + scanId + " did not finish within 60 s");
    }
}
