package io.replikey.e2e;

import static io.replikey.e2e.PermissionMatrixTest.Caller.ADMIN_APP;
import static io.replikey.e2e.PermissionMatrixTest.Caller.CRYPTO_APP;
import static io.replikey.e2e.PermissionMatrixTest.Caller.NO_AUTH;
import static io.replikey.e2e.PermissionMatrixTest.Caller.OTHER_APP;
import static io.replikey.e2e.PermissionMatrixTest.Caller.OTHER_USER;
import static io.replikey.e2e.PermissionMatrixTest.Caller.OWNER;
import static io.replikey.e2e.PermissionMatrixTest.Caller.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.server.http.RouteListing;
import io.replikey.testing.AccountSession;
import io.replikey.testing.TestServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission matrix of issue 6: every route of the route table × every kind of caller, with
 * the status each cell must answer, generated from the one table in {@link #table()}. Every
 * request is otherwise valid (it succeeds for the owner), so only the caller decides the status;
 * a call that deletes gets a resource made for its cell alone.
 *
 * <p>The rules the table encodes: no credential or an ended session is 401 everywhere but the
 * open routes; a kind of principal a route does not admit (an app on a user-only route) is 403;
 * another account's account, credential, app, group or key answers 404, exactly as a missing one;
 * an app holds only its role's account permissions (admin: apps and group creation; crypto:
 * none) and, in a group, only what its membership grants (the crypto app: use, not manage or
 * export). Creating in the caller's own account is valid for any caller that may create there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {
    /** The columns of the matrix, in the order the table lists their statuses. */
    enum Caller {
        /** A user administering the account, its session on the account's Standard account. */
        OWNER,
        /** An admin app of that account (API key), member of no group. */
        ADMIN_APP,
        /** A crypto app of that account (API key), member of the group with ENCRYPT/DECRYPT/SIGN/VERIFY. */
        CRYPTO_APP,
        /** An admin app of another account (API key). */
        OTHER_APP,
        /** A user administering another account, that account selected. */
        OTHER_USER,
        /** A session of the owner that was terminated. */
        TERMINATED,
        /** No Authorization header, no client certificate. */
        NO_AUTH
    }

    /** How a row's request presents the caller. */
    enum Presenting {
        /** The caller's usual credential: Bearer session for users, API key for apps. */
        USUAL,
        /** What /session/auth takes: Basic email:password for users, the API key for apps. */
        LOGIN,
        /** For calls that end the session: users bring a new session of their own. */
        NEW_SESSION
    }

    private static final String PASSWORD = TestServer.PASSWORD;
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final String NO_BODY = null;

    private TestServer server;
    private DsmClient client;
    private final Map<Caller, String> authorization = new EnumMap<>(Caller.class);
    private final Map<Caller, String> login = new EnumMap<>(Caller.class);
    private String ownerEmail;
    private String otherEmail;
    private UUID acctId;
    private UUID otherAcctId;
    private final Map<String, String> params = new HashMap<>();
    private String otherKid;
    private Map<String, Object> ciphertext;
    private String signature;
    private final byte[] plain = random(32);

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        client = server.client();

        TestServer.User owner = server.newUser();
        ownerEmail = owner.email();
        JsonNode ownerSession = login(ownerEmail);
        String ownerBearer = DsmClient.bearer(ownerSession.get("access_token").asText());
        acctId = newAccount(ownerBearer);
        select(ownerBearer, acctId);
        authorization.put(OWNER, ownerBearer);
        login.put(OWNER, DsmClient.basic(ownerEmail, PASSWORD));

        UUID replicaId = server.newReplicationAccount(ownerBearer.substring("Bearer ".length()));
        String groupId = ok(ownerBearer, "POST", "/sys/v1/groups", Map.of("name", "group-" + UUID.randomUUID()))
                .get("group_id").asText();
        String aesKid = newKey(ownerBearer, groupId, "AES", 256, List.of("ENCRYPT", "DECRYPT", "EXPORT"));
        String rsaKid = newKey(ownerBearer, groupId, "RSA", 2048, List.of("SIGN", "VERIFY"));
        UUID adminApp = newApp(ownerBearer, "admin", null);
        UUID cryptoApp = newApp(ownerBearer, "crypto",
                Map.of(groupId, List.of("ENCRYPT", "DECRYPT", "SIGN", "VERIFY")));
        UUID targetApp = newApp(ownerBearer, "crypto", null);
        authorization.put(ADMIN_APP, DsmClient.basic(adminApp.toString(), secretOf(ownerBearer, adminApp)));
        authorization.put(CRYPTO_APP, DsmClient.basic(cryptoApp.toString(), secretOf(ownerBearer, cryptoApp)));

        JsonNode encrypted = ok(ownerBearer, "POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", aesKid),
                "alg", "AES", "mode", "GCM", "plain", b64(plain)));
        ciphertext = Map.of("cipher", encrypted.get("cipher").asText(), "iv", encrypted.get("iv").asText(),
                "tag", encrypted.get("tag").asText());
        signature = ok(ownerBearer, "POST", "/crypto/v1/sign", Map.of("key", Map.of("kid", rsaKid),
                "hash_alg", "SHA256", "data", b64(plain))).get("signature").asText();

        TestServer.User other = server.newUser();
        otherEmail = other.email();
        String otherBearer = DsmClient.bearer(login(otherEmail).get("access_token").asText());
        otherAcctId = newAccount(otherBearer);
        select(otherBearer, otherAcctId);
        String otherGroup = ok(otherBearer, "POST", "/sys/v1/groups", Map.of("name", "other-" + UUID.randomUUID()))
                .get("group_id").asText();
        otherKid = newKey(otherBearer, otherGroup, "AES", 128, List.of("ENCRYPT", "DECRYPT"));
        UUID otherApp = newApp(otherBearer, "admin", null);
        authorization.put(OTHER_USER, otherBearer);
        authorization.put(OTHER_APP, DsmClient.basic(otherApp.toString(), secretOf(otherBearer, otherApp)));
        login.put(OTHER_USER, DsmClient.basic(otherEmail, PASSWORD));

        String ended = DsmClient.bearer(login(ownerEmail).get("access_token").asText());
        select(ended, acctId);
        assertThat(client.send("POST", "/sys/v1/session/terminate", ended, null).status()).isEqualTo(204);
        authorization.put(TERMINATED, ended);
        authorization.put(NO_AUTH, null);
        for (Caller app : List.of(ADMIN_APP, CRYPTO_APP, OTHER_APP)) {
            login.put(app, authorization.get(app));
        }
        login.put(TERMINATED, ended);
        login.put(NO_AUTH, null);

        params.put("user_id", ownerSession.get("entity_id").asText());
        params.put("acct_id", acctId.toString());
        params.put("app_id", targetApp.toString());
        params.put("group_id", groupId);
        params.put("key_id", aesKid);
        params.put("aes", aesKid);
        params.put("rsa", rsaKid);
        params.put("replica", replicaId.toString());
        params.put("credential", ok(ownerBearer, "POST", credentials(replicaId), Map.of("$type", "Certificate"))
                .get("credential_id").asText());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ the table

    /**
     * One row per route: method, path template as the route table spells it, what the cell
     * needs made for it alone (if anything), the body, and the expected status per caller in the
     * order OWNER, ADMIN_APP, CRYPTO_APP, OTHER_APP, OTHER_USER, TERMINATED, NO_AUTH.
     */
    private List<Row> table() {
        String replication = "/sys/v1/accounts/{acct_id}/replication";
        String credentials = replication + "/credentials";
        String credential = credentials + "/{credential_id}";
        return List.of(
                row("GET", "/sys/v1/health", NO_BODY, 204, 204, 204, 204, 204, 204, 204),
                row("GET", "/sys/v1/version", NO_BODY, 200, 200, 200, 200, 200, 200, 200),
                row("POST", "/sys/v1/users", p -> Map.of("user_email", "new-" + UUID.randomUUID() + "@example.com",
                        "user_password", PASSWORD), 200, 200, 200, 200, 200, 200, 200),
                row("GET", "/sys/v1/users/{user_id}", NO_BODY, 200, 403, 403, 403, 404, 401, 401),

                row("POST", "/sys/v1/session/auth", NO_BODY, 200, 200, 200, 200, 200, 401, 401)
                        .presenting(Presenting.LOGIN),
                row("POST", "/sys/v1/session/select_account", p -> Map.of("acct_id", p.get("acct_id")),
                        200, 403, 403, 403, 404, 401, 401),
                row("POST", "/sys/v1/session/refresh", NO_BODY, 204, 403, 403, 403, 204, 401, 401),
                row("POST", "/sys/v1/session/terminate", NO_BODY, 204, 403, 403, 403, 204, 401, 401)
                        .presenting(Presenting.NEW_SESSION),

                row("POST", "/sys/v1/accounts", p -> Map.of("name", "account-" + UUID.randomUUID()),
                        200, 403, 403, 403, 200, 401, 401),
                row("GET", "/sys/v1/accounts", NO_BODY, 200, 403, 403, 403, 200, 401, 401),
                row("GET", "/sys/v1/accounts/{acct_id}", NO_BODY, 200, 403, 403, 403, 404, 401, 401),
                row("PATCH", "/sys/v1/accounts/{acct_id}", p -> Map.of("description", "patched"),
                        200, 403, 403, 403, 404, 401, 401),
                row("DELETE", "/sys/v1/accounts/{acct_id}", NO_BODY, 204, 403, 403, 403, 404, 401, 401)
                        .making(this::freshAccount),

                row("POST", credentials, p -> Map.of("$type", "Certificate"), 200, 403, 403, 403, 404, 401, 401)
                        .making(this::freshReplica),
                row("GET", credentials, NO_BODY, 200, 403, 403, 403, 404, 401, 401).making(this::replica),
                row("GET", credential, NO_BODY, 200, 403, 403, 403, 404, 401, 401).making(this::replica),
                row("PATCH", credential, p -> Map.of("$type", "Certificate", "app_id", UUID.randomUUID().toString()),
                        200, 403, 403, 403, 404, 401, 401).making(this::replica),
                row("DELETE", credential, NO_BODY, 204, 403, 403, 403, 404, 401, 401).making(this::freshCredential),
                row("POST", credential + "/self_sign", NO_BODY, 200, 403, 403, 403, 404, 401, 401)
                        .making(this::replica),
                // The credential has no certificate_chain, so the owner's test is a 409 (replikey extension).
                row("POST", credential + "/test", NO_BODY, 409, 403, 403, 403, 404, 401, 401)
                        .making(this::replica),

                // Scans: the owner's fresh replication account has no usable credential, so a scan is a 409.
                row("GET", replication + "/recent_scan_summary", NO_BODY, 200, 403, 403, 403, 404, 401, 401)
                        .making(this::freshReplica),
                row("POST", replication + "/scan", NO_BODY, 409, 403, 403, 403, 404, 401, 401)
                        .making(this::freshReplica),
                row("GET", replication + "/scans", NO_BODY, 200, 403, 403, 403, 404, 401, 401)
                        .making(this::freshReplica),

                row("POST", "/sys/v1/apps", p -> Map.of("name", "app-" + UUID.randomUUID(), "role", "crypto"),
                        200, 200, 403, 200, 200, 401, 401),
                row("GET", "/sys/v1/apps", NO_BODY, 200, 200, 403, 200, 200, 401, 401),
                row("GET", "/sys/v1/apps/{app_id}", NO_BODY, 200, 200, 403, 404, 404, 401, 401),
                row("PATCH", "/sys/v1/apps/{app_id}", p -> Map.of("description", "patched"),
                        200, 200, 403, 404, 404, 401, 401),
                row("DELETE", "/sys/v1/apps/{app_id}", NO_BODY, 204, 204, 403, 404, 404, 401, 401)
                        .making(this::freshApp),
                row("GET", "/sys/v1/apps/{app_id}/credential", NO_BODY, 200, 200, 403, 404, 404, 401, 401),
                row("POST", "/sys/v1/apps/{app_id}/reset_secret", p -> Map.of(), 200, 200, 403, 404, 404, 401, 401),

                row("POST", "/sys/v1/groups", p -> Map.of("name", "group-" + UUID.randomUUID()),
                        200, 200, 403, 200, 200, 401, 401),
                row("GET", "/sys/v1/groups", NO_BODY, 200, 200, 200, 200, 200, 401, 401),
                row("GET", "/sys/v1/groups/{group_id}", NO_BODY, 200, 403, 200, 404, 404, 401, 401),
                row("PATCH", "/sys/v1/groups/{group_id}", p -> Map.of("description", "patched"),
                        200, 403, 403, 404, 404, 401, 401),
                row("DELETE", "/sys/v1/groups/{group_id}", NO_BODY, 204, 403, 403, 404, 404, 401, 401)
                        .making(this::freshGroup),

                row("POST", "/crypto/v1/keys", p -> Map.of("name", "key-" + UUID.randomUUID(),
                        "group_id", p.get("group_id"), "obj_type", "AES", "key_size", 128),
                        200, 403, 403, 404, 404, 401, 401),
                row("PUT", "/crypto/v1/keys", p -> Map.of("name", "key-" + UUID.randomUUID(),
                        "group_id", p.get("group_id"), "obj_type", "AES", "value", b64(random(16))),
                        200, 403, 403, 404, 404, 401, 401),
                row("GET", "/crypto/v1/keys", NO_BODY, 200, 200, 200, 200, 200, 401, 401),
                row("POST", "/crypto/v1/keys/info", p -> Map.of("kid", p.get("aes")),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/keys/export", p -> Map.of("kid", p.get("aes")),
                        200, 403, 403, 404, 404, 401, 401),
                row("GET", "/crypto/v1/keys/{key_id}", NO_BODY, 200, 403, 200, 404, 404, 401, 401),
                row("PATCH", "/crypto/v1/keys/{key_id}", p -> Map.of("description", "patched"),
                        200, 403, 403, 404, 404, 401, 401),
                row("DELETE", "/crypto/v1/keys/{key_id}", NO_BODY, 204, 403, 403, 404, 404, 401, 401)
                        .making(this::freshKey),
                row("POST", "/crypto/v1/keys/{key_id}/export", NO_BODY, 200, 403, 403, 404, 404, 401, 401),

                row("POST", "/crypto/v1/encrypt", p -> withKey(p.get("aes"), encryption()),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/decrypt", p -> withKey(p.get("aes"), decryption()),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/sign", p -> withKey(p.get("rsa"), signing()),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/verify", p -> withKey(p.get("rsa"), verification()),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/keys/{key_id}/encrypt", p -> encryption(),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/keys/{key_id}/decrypt", p -> decryption(),
                        200, 403, 200, 404, 404, 401, 401),
                row("POST", "/crypto/v1/keys/{key_id}/sign", p -> signing(),
                        200, 403, 200, 404, 404, 401, 401).making(this::rsa),
                row("POST", "/crypto/v1/keys/{key_id}/verify", p -> verification(),
                        200, 403, 200, 404, 404, 401, 401).making(this::rsa));
    }

    private Map<String, Object> encryption() {
        return Map.of("alg", "AES", "mode", "GCM", "plain", b64(plain));
    }

    private Map<String, Object> decryption() {
        Map<String, Object> body = new LinkedHashMap<>(ciphertext);
        body.put("alg", "AES");
        body.put("mode", "GCM");
        return body;
    }

    private Map<String, Object> signing() {
        return Map.of("hash_alg", "SHA256", "data", b64(plain));
    }

    private Map<String, Object> verification() {
        return Map.of("hash_alg", "SHA256", "data", b64(plain), "signature", signature);
    }

    private static Map<String, Object> withKey(String kid, Map<String, Object> body) {
        Map<String, Object> keyed = new LinkedHashMap<>(body);
        keyed.put("key", Map.of("kid", kid));
        return keyed;
    }

    // ------------------------------------------------------------------ what cells make for themselves

    private Map<String, String> replica() {
        return Map.of("acct_id", params.get("replica"), "credential_id", params.get("credential"));
    }

    private Map<String, String> rsa() {
        return Map.of("key_id", params.get("rsa"));
    }

    /** A replication account of the owner's with no credential, so a new one always has a slot. */
    private Map<String, String> freshReplica() {
        return Map.of("acct_id", server.newReplicationAccount(ownerToken()).toString());
    }

    private Map<String, String> freshCredential() {
        UUID replica = server.newReplicationAccount(ownerToken());
        String id = ok(owner(), "POST", credentials(replica), Map.of("$type", "Certificate"))
                .get("credential_id").asText();
        return Map.of("acct_id", replica.toString(), "credential_id", id);
    }

    private Map<String, String> freshAccount() {
        return Map.of("acct_id", newAccount(owner()).toString());
    }

    private Map<String, String> freshApp() {
        return Map.of("app_id", newApp(owner(), "crypto", null).toString());
    }

    private Map<String, String> freshGroup() {
        return Map.of("group_id", ok(owner(), "POST", "/sys/v1/groups", Map.of("name", "doomed-" + UUID.randomUUID()))
                .get("group_id").asText());
    }

    private Map<String, String> freshKey() {
        return Map.of("key_id", newKey(owner(), params.get("group_id"), "AES", 128, List.of("ENCRYPT")));
    }

    // ------------------------------------------------------------------ the tests

    @TestFactory
    Stream<DynamicNode> everyRouteForEveryCaller() {
        return table().stream().map(row -> DynamicContainer.dynamicContainer(row.method() + " " + row.template(),
                row.expected().entrySet().stream().map(cell -> DynamicTest.dynamicTest(
                        cell.getKey() + " -> " + cell.getValue(), () -> check(row, cell.getKey(), cell.getValue())))));
    }

    @Test
    void theTableCoversEveryRouteOfTheRouteTableOnce() {
        List<String> rows = table().stream().map(row -> row.method() + " " + row.template()).toList();
        assertThat(new TreeSet<>(rows)).as("no route twice").hasSize(rows.size());
        assertThat(new TreeSet<>(rows)).isEqualTo(RouteListing.all());
    }

    /** The 404s above are the isolation rule, not callers that cannot reach anything. */
    @Test
    void theOtherAccountsCallersReachTheirOwnAccount() {
        Exchange key = client.send("GET", "/crypto/v1/keys/" + otherKid, authorization.get(OTHER_USER), null);
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        Exchange account = client.send("GET", "/sys/v1/accounts/" + otherAcctId, authorization.get(OTHER_USER), null);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        Exchange apps = client.send("GET", "/sys/v1/apps", authorization.get(OTHER_APP), null);
        assertThat(AccountSession.parse(apps.body()).findValuesAsText("acct_id")).containsOnly(otherAcctId.toString());
        Exchange sameKey = client.send("GET", "/crypto/v1/keys/" + otherKid, authorization.get(OWNER), null);
        assertThat(sameKey.status()).as("and the owner cannot reach theirs").isEqualTo(404);
    }

    private void check(Row row, Caller caller, int expected) {
        Map<String, String> cellParams = new HashMap<>(params);
        cellParams.putAll(row.making().get());
        String path = expand(row.template(), cellParams);
        Exchange exchange = send(row, caller, cellParams);
        if (expected == 404 && (caller == OTHER_APP || caller == OTHER_USER)) {
            // Another account's resource must answer exactly as one that does not exist at all.
            Map<String, String> missing = new HashMap<>(cellParams);
            missing.replaceAll((name, id) -> UUID.randomUUID().toString());
            Exchange absent = send(row, caller, missing);
            assertThat(exchange.status()).as("%s %s as %s: status as for a missing one", row.method(), path, caller)
                    .isEqualTo(absent.status());
            assertThat(exchange.body()).as("%s %s as %s: body as for a missing one", row.method(), path, caller)
                    .isEqualTo(absent.body());
        }
        assertThat(exchange.status()).as("%s %s as %s answered %s", row.method(), path, caller, exchange.body())
                .isEqualTo(expected);
        if (expected >= 400) {
            assertThat(exchange.contentType()).startsWith("text/plain");
            assertThat(exchange.body()).isNotBlank().doesNotContain("Exception", "io.replikey");
        }
    }

    private Exchange send(Row row, Caller caller, Map<String, String> values) {
        Object body = row.body().apply(values);
        return client.send(row.method(), expand(row.template(), values), presented(caller, row.presenting()),
                body == null ? null : DsmClient.encode(body));
    }

    private String presented(Caller caller, Presenting presenting) {
        return switch (presenting) {
            case USUAL -> authorization.get(caller);
            case LOGIN -> login.get(caller);
            case NEW_SESSION -> caller == OWNER || caller == OTHER_USER ? newSession(caller) : authorization.get(caller);
        };
    }

    /** A new session of the caller's user, with the same account selected as its usual one. */
    private String newSession(Caller caller) {
        String bearer = DsmClient.bearer(login(caller == OWNER ? ownerEmail : otherEmail).get("access_token").asText());
        select(bearer, caller == OWNER ? acctId : otherAcctId);
        return bearer;
    }

    private static String expand(String template, Map<String, String> values) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            assertThat(value).as("a value for {%s}", matcher.group(1)).isNotNull();
            matcher.appendReplacement(path, value);
        }
        return matcher.appendTail(path).toString();
    }

    /** A row of the table; {@code making} supplies path values made for one cell alone. */
    private record Row(String method, String template, Function<Map<String, String>, Object> body,
            Map<Caller, Integer> expected, Supplier<Map<String, String>> making, Presenting presenting) {
        Row making(Supplier<Map<String, String>> maker) {
            return new Row(method, template, body, expected, maker, presenting);
        }

        Row presenting(Presenting how) {
            return new Row(method, template, body, expected, making, how);
        }
    }

    private static Row row(String method, String template, Function<Map<String, String>, Object> body,
            int... statuses) {
        Caller[] callers = Caller.values();
        assertThat(statuses).as("one status per caller").hasSize(callers.length);
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        for (int i = 0; i < callers.length; i++) {
            expected.put(callers[i], statuses[i]);
        }
        return new Row(method, template, body, expected, Map::of, Presenting.USUAL);
    }

    private static Row row(String method, String template, String noBody, int... statuses) {
        return row(method, template, p -> noBody, statuses);
    }

    // ------------------------------------------------------------------ set-up helpers

    private String owner() {
        return authorization.get(OWNER);
    }

    private String ownerToken() {
        return owner().substring("Bearer ".length());
    }

    private JsonNode login(String email) {
        return ok(DsmClient.basic(email, PASSWORD), "POST", "/sys/v1/session/auth", null);
    }

    private UUID newAccount(String bearer) {
        return UUID.fromString(ok(bearer, "POST", "/sys/v1/accounts", Map.of("name", "account-" + UUID.randomUUID()))
                .get("acct_id").asText());
    }

    private void select(String bearer, UUID account) {
        ok(bearer, "POST", "/sys/v1/session/select_account", Map.of("acct_id", account.toString()));
    }

    private String newKey(String bearer, String groupId, String type, int size, List<String> ops) {
        return ok(bearer, "POST", "/crypto/v1/keys", Map.of("name", "key-" + UUID.randomUUID(), "group_id", groupId,
                "obj_type", type, "key_size", size, "key_ops", ops)).get("kid").asText();
    }

    private UUID newApp(String bearer, String role, Map<String, List<String>> groups) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "app-" + UUID.randomUUID(), "role", role,
                "credential", Map.of("secret", Map.of())));
        if (groups != null) {
            body.put("add_groups", groups);
        }
        return UUID.fromString(ok(bearer, "POST", "/sys/v1/apps", body).get("app_id").asText());
    }

    private String secretOf(String bearer, UUID appId) {
        return ok(bearer, "GET", "/sys/v1/apps/" + appId + "/credential", null).at("/credential/secret").asText();
    }

    private static String credentials(UUID replicaId) {
        return "/sys/v1/accounts/" + replicaId + "/replication/credentials";
    }

    private JsonNode ok(String authorization, String method, String path, Object body) {
        Exchange exchange = client.send(method, path, authorization, body == null ? null : DsmClient.encode(body));
        assertThat(exchange.status()).as("%s %s: %s", method, path, exchange.body()).isBetween(200, 299);
        return AccountSession.parse(exchange.body());
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
