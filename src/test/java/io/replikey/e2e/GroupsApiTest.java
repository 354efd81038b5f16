package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.testing.AccountSession;
import io.replikey.testing.DsmContract;
import io.replikey.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /sys/v1/groups} over real HTTPS: create, get, update, delete, the listing in both DSM
 * shapes and its paging, name conflicts, isolation between accounts, and the read-only
 * replication account. Every 2xx body is validated against the DSM contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsApiTest {
    private static final DsmContract CONTRACT = DsmContract.get();
    private static final int MANY_GROUPS = 2_500;

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void createGetUpdateDeleteAsDsmDescribes() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        JsonNode created = valid(owner, "POST", "/sys/v1/groups",
                Map.of("name", "payments", "description", "keys of the payment service",
                        "custom_metadata", Map.of("team", "payments")));
        String groupId = created.get("group_id").asText();
        assertThat(created.get("acct_id").asText()).isEqualTo(owner.acctId().toString());
        assertThat(created.get("name").asText()).isEqualTo("payments");
        assertThat(created.get("description").asText()).isEqualTo("keys of the payment service");
        assertThat(created.get("custom_metadata").get("team").asText()).isEqualTo("payments");
        assertThat(created.get("created_at").asText()).matches("\\d{8}T\\d{6}Z");
        assertThat(created.get("creator").has("user")).isTrue();

        assertThat(valid(owner, "GET", "/sys/v1/groups/" + groupId, null)).isEqualTo(created);

        JsonNode renamed = valid(owner, "PATCH", "/sys/v1/groups/" + groupId, Map.of("name", "payments-eu"));
        assertThat(renamed.get("name").asText()).isEqualTo("payments-eu");
        assertThat(renamed.get("description").asText()).as("omitted fields keep their value")
                .isEqualTo("keys of the payment service");
        assertThat(renamed.get("custom_metadata")).isEqualTo(created.get("custom_metadata"));

        owner.call("DELETE", "/sys/v1/groups/" + groupId, null, 204);
        owner.refused("GET", "/sys/v1/groups/" + groupId, null, 404, "group not found");
        owner.refused("DELETE", "/sys/v1/groups/" + groupId, null, 404, "group not found");
    }

    @Test
    void namesAreUniquePerAccount() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        owner.call("POST", "/sys/v1/groups", Map.of("name", "shared-name"), 200);
        owner.refused("POST", "/sys/v1/groups", Map.of("name", "shared-name"), 409, "already exists");
        String other = owner.call("POST", "/sys/v1/groups", Map.of("name", "other"), 200).get("group_id").asText();
        owner.refused("PATCH", "/sys/v1/groups/" + other, Map.of("name", "shared-name"), 409, "already exists");
        assertThat(owner.call("GET", "/sys/v1/groups/" + other, null, 200).get("name").asText()).isEqualTo("other");

        AccountSession stranger = AccountSession.newStandardAccount(server);
        stranger.call("POST", "/sys/v1/groups", Map.of("name", "shared-name"), 200);
    }

    @Test
    void anotherAccountsGroupAnswersExactlyAsAMissingOne() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        String groupId = owner.call("POST", "/sys/v1/groups", Map.of("name", "private"), 200)
                .get("group_id").asText();
        AccountSession stranger = AccountSession.newStandardAccount(server);
        String missing = UUID.randomUUID().toString();
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            Object body = method.equals("PATCH") ? Map.of("name", "stolen") : null;
            var foreign = stranger.send(method, "/sys/v1/groups/" + groupId, body);
            var absent = stranger.send(method, "/sys/v1/groups/" + missing, body);
            assertThat(foreign.status()).as(method).isEqualTo(404);
            assertThat(foreign.body()).isEqualTo(absent.body());
            assertThat(foreign.contentType()).isEqualTo(absent.contentType());
        }
        assertThat(stranger.call("GET", "/sys/v1/groups", null, 200)).isEmpty();
        assertThat(owner.call("GET", "/sys/v1/groups/" + groupId, null, 200).get("name").asText())
                .isEqualTo("private");
    }

    @Test
    void aReplicationAccountsGroupsAreReadOnlyUntilFailover() {
        AccountSession replica = AccountSession.newReplicationAccount(server);
        replica.refused("POST", "/sys/v1/groups", Map.of("name", "local"), 409, "read-only until failover");
        assertThat(replica.call("GET", "/sys/v1/groups", null, 200)).isEmpty();
    }

    @Test
    void badListingParametersAreRefused() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        owner.refused("GET", "/sys/v1/groups?limit=0", null, 400, "limit");
        owner.refused("GET", "/sys/v1/groups?limit=1001", null, 400, "limit");
        owner.refused("GET", "/sys/v1/groups?limit=-1", null, 400, "limit");
        owner.refused("GET", "/sys/v1/groups?offset=x", null, 400, "offset");
        owner.refused("GET", "/sys/v1/groups?limit=1&limit=2", null, 400, "more than once");
        owner.refused("GET", "/sys/v1/groups?continuation_token=nope", null, 400, "continuation_token");
        owner.refused("POST", "/sys/v1/groups", Map.of("name", "g", "approval_policy", Map.of("quorum", 1)), 400,
                "not supported by replikey: approval_policy");
        owner.refused("POST", "/sys/v1/groups", Map.of("description", "no name"), 400, "name is required");
    }

    @Test
    void pagingByOffsetAndByContinuationTokenReturnsEveryGroupExactlyOnce() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < MANY_GROUPS; i++) {
            expected.add(owner.call("POST", "/sys/v1/groups", Map.of("name", "g-" + i), 200)
                    .get("group_id").asText());
        }
        JsonNode all = valid(owner, "GET", "/sys/v1/groups", null);
        assertThat(all.isArray()).as("without paging parameters DSM answers a bare array").isTrue();
        assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(expected);

        List<String> byOffset = new ArrayList<>();
        for (int offset = 0; ; offset += 700) {
            JsonNode page = valid(owner, "GET", "/sys/v1/groups?limit=700&offset=" + offset, null);
            assertThat(page.at("/metadata/count").asLong()).isEqualTo(MANY_GROUPS);
            assertThat(page.at("/metadata/count_accuracy/$type").asText()).isEqualTo("Exact");
            if (page.get("items").isEmpty()) {
                break;
            }
            byOffset.addAll(ids(page.get("items")));
        }
        assertThat(byOffset).hasSize(MANY_GROUPS).containsExactlyInAnyOrderElementsOf(expected);

        List<String> byToken = new ArrayList<>();
        String path = "/sys/v1/groups?limit=600";
        while (true) {
            JsonNode page = valid(owner, "GET", path, null);
            byToken.addAll(ids(page.get("items")));
            JsonNode token = page.at("/metadata/continuation_token");
            if (token.isMissingNode() || token.isNull()) {
                break;
            }
            path = "/sys/v1/groups?limit=600&continuation_token=" + token.asText();
        }
        assertThat(byToken).hasSize(MANY_GROUPS).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Groups created and deleted between pages do not make the cursor skip or repeat a group that stays. */
    @Test
    void continuationTokenPagingSurvivesChurn() {
        AccountSession owner = AccountSession.newStandardAccount(server);
        Set<String> stable = new HashSet<>();
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = owner.call("POST", "/sys/v1/groups", Map.of("name", "stable-" + i), 200)
                    .get("group_id").asText();
            stable.add(id);
            if (i % 3 == 0) {
                doomed.add(owner.call("POST", "/sys/v1/groups", Map.of("name", "doomed-" + i), 200)
                        .get("group_id").asText());
            }
        }
        List<String> listed = new ArrayList<>();
        String path = "/sys/v1/groups?limit=40";
        for (int page = 0; ; page++) {
            JsonNode body = owner.call("GET", path, null, 200);
            listed.addAll(ids(body.get("items")));
            for (int i = 0; i < 5 && !doomed.isEmpty(); i++) {
                owner.call("DELETE", "/sys/v1/groups/" + doomed.remove(doomed.size() - 1), null, 204);
                owner.call("POST", "/sys/v1/groups", Map.of("name", "new-" + page + "-" + i), 200);
            }
            JsonNode token = body.at("/metadata/continuation_token");
            if (token.isMissingNode() || token.isNull()) {
                break;
            }
            path = "/sys/v1/groups?limit=40&continuation_token=" + token.asText();
        }
        assertThat(new HashSet<>(listed)).as("no group twice").hasSize(listed.size());
        assertThat(listed).as("every group that existed throughout").containsAll(stable);
    }

    static List<String> ids(JsonNode groups) {
        List<String> ids = new ArrayList<>();
        groups.forEach(group -> ids.add(group.get("group_id").asText()));
        return ids;
    }

    /** Calls (expecting 200) and asserts the body matches the contract's response schema. */
    static JsonNode valid(AccountSession session, String method, String path, Object body) {
        String template = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return validAs(session, method, path, body, method, template);
    }

    /**
     * As {@link #valid}, against the response schema of the contract's operation
     * {@code contractMethod contractPath}: for the per-key paths DSM's SDKs call, which the contract
     * lists under their current names.
     */
    static JsonNode validAs(AccountSession session, String method, String path, Object body, String contractMethod,
            String contractPath) {
        var exchange = session.send(method, path, body);
        assertThat(exchange.status()).as("%s %s answered %s", method, path, exchange.body()).isEqualTo(200);
        assertThat(DsmContract.validate(CONTRACT.responseSchema(contractMethod, contractPath, 200), exchange.body()))
                .as("%s %s against the DSM contract", method, path).isEmpty();
        // lastused_at is the one field DSM returns that its OpenAPI text omits (see wire.Sobject).
        assertThat(CONTRACT.undeclaredResponseKeys(contractMethod, contractPath, 200,
                AccountSession.parse(exchange.body()))).filteredOn(key -> !key.endsWith("/lastused_at"))
                .as("undeclared keys").isEmpty();
        return AccountSession.parse(exchange.body());
    }
}
