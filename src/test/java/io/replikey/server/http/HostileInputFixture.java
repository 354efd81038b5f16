package io.replikey.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replikey.client.DsmClient;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.lifecycle.AfterContainerHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.BeforeContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The shared fixture of the hostile-input properties (design.md §3–§5): malformed JSON, wrongly
 * typed fields, wrong {@code $type}s, bad UUIDs, bad base64, garbage certificates, oversize bodies,
 * wrong credentials and valid-looking requests that break a rule. Each must be answered with a 4xx
 * carrying a short text/plain message that reveals nothing of the server, and none may change the
 * state visible through the API.
 *
 * <p>A property class registers it with {@code @AddLifecycleHook(HostileInputFixture.class)}. It
 * then starts one real server for that class, because signing up costs an Argon2 hash, and stops
 * it after the class's last property. Its fixture: a user owning a replication account with two
 * credentials (the first has app_id and certificate_chain and is the active one, the second is
 * bare) and a Standard account; and a second user with an account the first must not reach. Before
 * every try the state is read through the API; {@link #assertStateUnchanged} reads it again and the
 * two snapshots must be equal.
 *
 * <p>Besides the fixture's ids and tokens it provides the requests properties send ({@link Target},
 * {@link Request}, {@link Mutation}, {@link Header}), every body-reading route ({@link
 * #bodyTargets}), sending with and without Content-Length, the client-error assertions, and small
 * JSON helpers and generators.
 *
 * <p>Not thread-safe: the fixture lives in static fields, so only one property class may use it at a
 * time and its tries must run one after another, as jqwik runs them.
 */
final class HostileInputFixture implements BeforeContainerHook, AfterContainerHook, AroundTryHook {
    /** Texts that would betray internals in an error message. */
    private static final String[] LEAKS = {"Exception", "at io.", "\tat ", "io.replikey", "com.fasterxml",
        "org.eclipse", "java.lang"};
    static final String CERTIFICATE = ReplicationCredential.CERTIFICATE;
    static final String SOURCE_URL = "https://source.example.com";
    static final int SCAN_HOURS = 6;
    static final String APPS = "/sys/v1/apps";

    /**
     * Tests' own JSON mapper: trailing tokens and duplicate keys are errors, so {@link
     * MalformedBodyProperties#isJsonObject} answers "is this one well-formed JSON object" and nothing
     * more lenient.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static Path tempDir;
    private static TestServer server;
    private static DsmClient client;
    private static HttpClient chunkingClient;
    private static String email;
    private static String token;
    private static String bearer;
    private static UUID userId;
    private static UUID replicaId;
    private static UUID standardId;
    private static String activeId;
    private static String spareId;
    private static byte[] activeCert;
    private static byte[] spareCert;
    private static String terminatedToken;
    private static String foreignBearer;
    private static UUID foreignUserId;
    private static UUID foreignAcctId;
    private static UUID appId;
    private static String appSecret;
    private static UUID foreignAppId;
    private static String unselectedBearer;
    private static String groupId;
    private static String aesKid;
    private static String rsaKid;
    private static Map<String, JsonNode> before;

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void beforeContainer(ContainerLifecycleContext context) throws IOException {
        startServer();
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) throws IOException {
        stopServer();
    }

    /** Each try is compared with the state just before it, so a change is pinned on the input that made it. */
    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        before = snapshot();
        return aTry.execute(parameters);
    }

    /** Registered on a class, a hook reaches only the class; the snapshot must reach its properties' tries. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    // ---------------------------------------------------------------- fixture

    private static void startServer() throws IOException {
        tempDir = Files.createTempDirectory("replikey-hostile-");
        server = TestServer.start(tempDir.resolve("data"));
        client = server.client();
        // DsmClient always sends a Content-Length; this one streams bodies chunked.
        chunkingClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(DsmClient.pinning(server.server().tlsCertificate())).build();

        email = server.newUser().email();
        AuthResponse session = authenticate(email);
        token = session.accessToken();
        bearer = DsmClient.bearer(token);
        userId = session.entityId();
        terminatedToken = authenticate(email).accessToken();
        client.call("POST", "/sys/v1/session/terminate", DsmClient.bearer(terminatedToken), null, Void.class);

        replicaId = server.newReplicationAccount(token);
        standardId = client.createAccount(token, new AccountRequest("standard", "plain account", true, null)).acctId();
        // Apps live in the session's selected account: the fixture user works in the Standard one.
        client.call("POST", "/sys/v1/session/select_account", bearer, Map.of("acct_id", standardId.toString()),
                Void.class);
        unselectedBearer = DsmClient.bearer(authenticate(email).accessToken());
        appId = client.call("POST", APPS, bearer, Map.of("name", "fixture app", "role", "admin"),
                io.replikey.wire.App.class).appId();
        appSecret = client.call("GET", APPS + "/" + appId + "/credential", bearer, null, JsonNode.class)
                .at("/credential/secret").asText();
        activeId = client.createReplicationCredential(token, replicaId, null).credentialId();
        spareId = client.createReplicationCredential(token, replicaId, null).credentialId();
        activeCert = client.replicationCredentialSelfSignedCert(token, replicaId, activeId);
        spareCert = client.replicationCredentialSelfSignedCert(token, replicaId, spareId);
        client.updateReplicationCredential(token, replicaId, activeId, new UpdateReplicationCredentialRequest(
                CERTIFICATE, UUID.randomUUID().toString(), List.of(b64(activeCert))));
        client.updateAccount(token, replicaId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(activeId)));

        // The session acts in the Standard account, which holds a group, an AES and an RSA key.
        client.call("POST", "/sys/v1/session/select_account", bearer, obj("acct_id", standardId.toString()),
                Void.class);
        groupId = client.call("POST", "/sys/v1/groups", bearer, obj("name", "hostile-group"), JsonNode.class)
                .get("group_id").asText();
        aesKid = client.call("POST", "/crypto/v1/keys", bearer, obj("name", "aes", "group_id", groupId,
                "obj_type", "AES", "key_size", 128, "key_ops", List.of("ENCRYPT")), JsonNode.class)
                .get("kid").asText();
        rsaKid = client.call("POST", "/crypto/v1/keys", bearer, obj("name", "rsa", "group_id", groupId,
                "obj_type", "RSA", "key_size", 2048, "key_ops", List.of("SIGN", "VERIFY")), JsonNode.class)
                .get("kid").asText();

        TestServer.User foreign = server.newUser();
        foreignBearer = DsmClient.bearer(foreign.token());
        foreignUserId = authenticate(foreign.email()).entityId();
        foreignAcctId = client.createAccount(foreign.token(), new AccountRequest("foreign", null, null, null)).acctId();
        client.call("POST", "/sys/v1/session/select_account", foreignBearer, Map.of("acct_id", foreignAcctId.toString()),
                Void.class);
        foreignAppId = client.call("POST", APPS, foreignBearer, Map.of("name", "foreign app"),
                io.replikey.wire.App.class).appId();

        JsonNode replica = snapshot().get(accountPath(replicaId));
        assertThat(replica.at("/purpose/connection_settings/active_replication_credential").asText())
                .isEqualTo(activeId);
    }

    private static void stopServer() throws IOException {
        // Cleared as they go: the next property class starts its own, and must not find this one's.
        if (server != null) {
            server.close();
            server = null;
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
            tempDir = null;
        }
    }

    private static AuthResponse authenticate(String user) {
        return client.call("POST", "/sys/v1/session/auth", DsmClient.basic(user, TestServer.PASSWORD), null,
                AuthResponse.class);
    }

    // Read-only views: the property classes use the fixture, only the lifecycle above sets it.

    static String email() {
        return email;
    }

    /** The fixture user's access token, without its scheme. */
    static String token() {
        return token;
    }

    /** The fixture user's Authorization header value. */
    static String bearer() {
        return bearer;
    }

    static UUID userId() {
        return userId;
    }

    static UUID replicaId() {
        return replicaId;
    }

    static UUID standardId() {
        return standardId;
    }

    static String activeId() {
        return activeId;
    }

    static String spareId() {
        return spareId;
    }

    /** DER of the active credential's self-signed certificate. */
    static byte[] activeCert() {
        return activeCert;
    }

    /** DER of the spare credential's self-signed certificate. */
    static byte[] spareCert() {
        return spareCert;
    }

    /** A token of the fixture user whose session has been terminated. */
    static String terminatedToken() {
        return terminatedToken;
    }

    static String foreignBearer() {
        return foreignBearer;
    }

    static UUID foreignUserId() {
        return foreignUserId;
    }

    static UUID foreignAcctId() {
        return foreignAcctId;
    }

    /** The fixture's admin app (API key), in the fixture user's Standard account. */
    static UUID appId() {
        return appId;
    }

    static String appSecret() {
        return appSecret;
    }

    /** An app of the other user's account. */
    static UUID foreignAppId() {
        return foreignAppId;
    }

    /** A session of the fixture user that selected no account. */
    static String unselectedBearer() {
        return unselectedBearer;
    }

    /** The group of the Standard account, which the fixture user's session selected. */
    static String groupId() {
        return groupId;
    }

    /** An AES-128 key in {@link #groupId()} that permits ENCRYPT only. */
    static String aesKid() {
        return aesKid;
    }

    /** An RSA-2048 key in {@link #groupId()} that permits SIGN and VERIFY. */
    static String rsaKid() {
        return rsaKid;
    }

    // ---------------------------------------------------------------- state

    /** Everything the API shows of the fixture: accounts, credentials, the user, the other user's accounts. */
    private static Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> state = new TreeMap<>();
        JsonNode accounts = read(bearer, "/sys/v1/accounts");
        state.put("/sys/v1/accounts", accounts);
        for (JsonNode account : accounts) {
            String path = "/sys/v1/accounts/" + account.get("acct_id").asText();
            state.put(path, read(bearer, path));
            if ("AccountReplication".equals(account.at("/purpose/$type").asText())) {
                JsonNode credentials = read(bearer, path + "/replication/credentials");
                state.put(path + "/replication/credentials", credentials);
                for (JsonNode credential : credentials.get("items")) {
                    String credentialPath = path + "/replication/credentials/"
                            + credential.get("credential_id").asText();
                    state.put(credentialPath, read(bearer, credentialPath));
                }
            }
        }
        // Shows last_logged_in_at and, through account_role, whether the session selected an account.
        state.put("/sys/v1/users/" + userId, read(bearer, "/sys/v1/users/" + userId));
        state.put("other user's /sys/v1/accounts", read(foreignBearer, "/sys/v1/accounts"));
        // Apps with their credentials, so a reset secret or a replaced certificate shows.
        JsonNode apps = read(bearer, APPS);
        state.put(APPS, apps);
        for (JsonNode app : apps) {
            String path = APPS + "/" + app.get("app_id").asText();
            state.put(path, read(bearer, path));
            state.put(path + "/credential", read(bearer, path + "/credential"));
        }
        state.put("other user's " + APPS, read(foreignBearer, APPS));
        // The selected account's groups and keys (lastused_at included: a refused request is no use).
        state.put("/sys/v1/groups", read(bearer, "/sys/v1/groups"));
        state.put("/crypto/v1/keys", read(bearer, "/crypto/v1/keys"));
        return state;
    }

    private static JsonNode read(String authorization, String path) {
        Exchange response = client.send("GET", path, authorization, null);
        assertThat(response.status()).as("GET %s while taking a snapshot: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertStateUnchanged() {
        assertThat(snapshot()).as("state visible through the API").isEqualTo(before);
    }

    // ---------------------------------------------------------------- requests

    /** A route that reads a request body: real ids, the credentials it needs, a body it would accept. */
    record Target(String method, String path, String authorization, ObjectNode template) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** One request, sent with the fixture's bearer token unless a property says otherwise; a null body sends none. */
    record Request(String method, String path, JsonNode body) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + abbreviate(body.toString()));
        }
    }

    /** A field of a template replaced by a value of another JSON type. */
    record Mutation(Target target, String pointer, ObjectNode body) {
        @Override
        public String toString() {
            return target + " with " + pointer + " = " + abbreviate(body.at(pointer).toString());
        }
    }

    /** An Authorization header value; null means no header at all. */
    record Header(String value) {
        @Override
        public String toString() {
            return value == null ? "no Authorization header" : "Authorization: " + abbreviate(value);
        }
    }

    /**
     * Every route in {@link Routes} that reads a body. Sending a template as is would succeed and,
     * for most, change the state; the properties send them broken, oversize or unauthenticated.
     * (session/refresh and session/terminate take no body, as in DSM.)
     */
    static List<Target> bodyTargets() {
        String credentials = credentialsPath(replicaId);
        return List.of(
                new Target("POST", "/sys/v1/users", null, obj("user_email", "new-" + UUID.randomUUID() + "@example.com",
                        "user_password", "a long enough password", "recaptcha_response", "x",
                        "first_name", "Hostile", "last_name", "Input")),
                new Target("POST", "/sys/v1/session/auth", DsmClient.basic(email, TestServer.PASSWORD),
                        obj("token_type", "Bearer")),
                new Target("POST", "/sys/v1/session/select_account", bearer, obj("acct_id", replicaId.toString())),
                new Target("POST", "/sys/v1/accounts", bearer, obj("name", "created", "description", "by a template",
                        "enabled", true, "purpose", replicationPurpose("AccountReplication", SOURCE_URL, null, 6))),
                new Target("PATCH", accountPath(standardId), bearer, obj("name", "renamed", "description", "changed",
                        "enabled", false, "purpose", obj("$type", "Standard"))),
                new Target("PATCH", accountPath(replicaId), bearer, obj("purpose",
                        replicationPurpose("AccountReplication", "https://other.example.com", activeId, 12))),
                new Target("POST", credentials, bearer, obj("$type", CERTIFICATE, "key_type", "ec-p256")),
                new Target("PATCH", credentials + "/" + activeId, bearer, obj("$type", CERTIFICATE,
                        "app_id", UUID.randomUUID().toString(), "certificate_chain", List.of(b64(activeCert)))),
                new Target("PATCH", credentials + "/" + spareId, bearer, obj("$type", CERTIFICATE,
                        "app_id", UUID.randomUUID().toString(), "certificate_chain", List.of(b64(spareCert)))),
                new Target("POST", credentials + "/" + spareId + "/self_sign", bearer, obj()),
                new Target("POST", APPS, bearer, obj("name", "new app " + UUID.randomUUID(), "description", "by a template",
                        "app_type", "Custom", "interface", "JCE", "role", "crypto", "enabled", true,
                        "credential", obj("secret", obj("size", 32)), "secret_size", 40)),
                new Target("PATCH", APPS + "/" + appId, bearer, obj("name", "renamed app", "description", "changed",
                        "app_type", "Other", "interface", "PKCS11", "enabled", false, "role", "crypto")),
                new Target("POST", APPS + "/" + appId + "/reset_secret", bearer, obj("secret_size", 48)),
                new Target("POST", "/sys/v1/groups", bearer, obj("name", "new group", "description", "by a template")),
                new Target("PATCH", "/sys/v1/groups/" + groupId, bearer, obj("name", "renamed", "description", "x")),
                new Target("POST", "/crypto/v1/keys", bearer, obj("name", "generated", "group_id", groupId,
                        "obj_type", "AES", "key_size", 256, "key_ops", List.of("ENCRYPT", "DECRYPT"),
                        "enabled", true, "description", "by a template")),
                new Target("PUT", "/crypto/v1/keys", bearer, obj("name", "imported", "group_id", groupId,
                        "obj_type", "HMAC", "value", b64(new byte[32]))),
                new Target("PATCH", "/crypto/v1/keys/" + aesKid, bearer, obj("description", "changed",
                        "enabled", false, "key_ops", List.of("ENCRYPT", "DECRYPT"))),
                new Target("POST", "/crypto/v1/keys/info", bearer, obj("kid", aesKid)),
                new Target("POST", "/crypto/v1/encrypt", bearer, obj("key", obj("kid", aesKid), "alg", "AES",
                        "mode", "GCM", "plain", b64(new byte[5]), "tag_len", 128)),
                new Target("POST", "/crypto/v1/keys/" + aesKid + "/encrypt", bearer, obj("alg", "AES",
                        "mode", "CBC", "plain", b64(new byte[5]))),
                new Target("POST", "/crypto/v1/sign", bearer, obj("key", obj("name", "rsa"), "hash_alg", "SHA256",
                        "data", b64(new byte[5]), "mode", obj("PSS", obj("mgf", obj("mgf1", obj("hash", "SHA256")))))),
                new Target("POST", "/crypto/v1/verify", bearer, obj("key", obj("kid", rsaKid), "hash_alg", "SHA256",
                        "hash", b64(new byte[32]), "signature", b64(new byte[256]))));
    }

    // ---------------------------------------------------------------- sending and checking

    /** Sends one request; a connection closed without an answer fails the property like a wrong answer. */
    static Exchange send(String method, String path, String authorization, byte[] body) {
        try {
            return client.send(method, path, authorization, body);
        } catch (UncheckedIOException e) {
            String sent = body == null ? "no body" : "body " + abbreviate(new String(body, UTF_8));
            throw new AssertionError("no answer to " + method + " " + path + " with " + new Header(authorization)
                    + " and " + sent, e);
        }
    }

    static Exchange send(Request request) {
        return send(request.method(), request.path(), bearer, bytes(request.body()));
    }

    static Exchange send(Mutation mutation) {
        Target target = mutation.target();
        return send(target.method(), target.path(), target.authorization(), bytes(mutation.body()));
    }

    /** Sends with Transfer-Encoding: chunked, so the server cannot refuse on Content-Length alone. */
    static Exchange sendChunked(String method, String path, String authorization, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = chunkingClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client error as DSM reports it: 4xx, a short text/plain message, nothing of the server's insides. */
    static void assertClientError(Exchange response, Object request, byte[] body) {
        String what = request + (body == null ? "" : " with body " + abbreviate(new String(body, UTF_8)));
        assertThat(response.status()).as("status of %s; answer: %s", what, response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as("content type of %s", what).startsWith("text/plain");
        assertThat(response.body()).as("message of %s", what).doesNotContain(LEAKS).hasSizeLessThanOrEqualTo(1024);
    }

    static void assertStatus(Exchange response, int status, Object request) {
        assertClientError(response, request, null);
        assertThat(response.status()).as("status of %s; answer: %s", request, response.body()).isEqualTo(status);
    }

    // ---------------------------------------------------------------- JSON values

    /** JSON kinds as the strict mapper tells them apart (an integer is not a decimal). */
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, ARRAY, OBJECT }

    static Arbitrary<JsonNode> valueOfKind(Kind kind) {
        return switch (kind) {
            case STRING -> Arbitraries.strings().all().ofMaxLength(30).map(TextNode::valueOf);
            case INTEGER -> Arbitraries.integers().map(IntNode::valueOf);
            case DECIMAL -> Arbitraries.doubles().filter(Double::isFinite).map(DoubleNode::valueOf);
            case BOOLEAN -> Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE);
            case ARRAY -> scalar().list().ofMaxSize(3).map(items -> {
                ArrayNode array = NODES.arrayNode();
                items.forEach(array::add);
                return array;
            });
            case OBJECT -> Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), scalar()).ofMaxSize(2)
                    .map(fields -> {
                        ObjectNode object = NODES.objectNode();
                        fields.forEach(object::set);
                        return object;
                    });
        };
    }

    static Arbitrary<JsonNode> scalar() {
        return Arbitraries.oneOf(valueOfKind(Kind.STRING), valueOfKind(Kind.INTEGER), valueOfKind(Kind.DECIMAL),
                valueOfKind(Kind.BOOLEAN), Arbitraries.just(NullNode.getInstance()));
    }

    // ---------------------------------------------------------------- small helpers

    static String accountPath(UUID acctId) {
        return "/sys/v1/accounts/" + acctId;
    }

    static String credentialsPath(UUID acctId) {
        return accountPath(acctId) + "/replication/credentials";
    }

    /** An object from alternating names and values (values: String, Number, Boolean, List, JsonNode, null). */
    static ObjectNode obj(Object... namesAndValues) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }

    /** A replication purpose; {@code activeCredential} is left out when null. */
    static ObjectNode replicationPurpose(Object type, Object url, Object activeCredential, Object hours) {
        ObjectNode connection = obj("url", url);
        if (activeCredential != null) {
            connection.set("active_replication_credential", JSON.valueToTree(activeCredential));
        }
        return obj("$type", type, "connection_settings", connection,
                "scan_settings", obj("auto_scan", obj("scan_interval_hours", hours)));
    }

    static byte[] bytes(JsonNode body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…(" + text.length() + " chars)";
    }
}
