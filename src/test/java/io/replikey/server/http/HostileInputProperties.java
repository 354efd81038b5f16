package io.replikey.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
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
import io.replikey.server.config.ServerConfig;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Hostile input at every endpoint (design.md §3–§5): malformed JSON, wrongly typed fields, wrong
 * {@code $type}s, bad UUIDs, bad base64, garbage certificates, oversize bodies, wrong credentials
 * and valid-looking requests that break a rule. Each must be answered with a 4xx carrying a short
 * text/plain message that reveals nothing of the server, and none may change the state visible
 * through the API.
 *
 * <p>One server serves the whole class, because signing up costs an Argon2 hash. Its fixture: a
 * user owning a replication account with two credentials (the first has app_id and
 * certificate_chain and is the active one, the second is bare) and a Standard account; and a
 * second user with an account the first must not reach. Before and after every try the state is
 * read through the API; the two snapshots must be equal.
 */
class HostileInputProperties {
    /** Canonical JSON (DSM ids), written independently of the server's own check. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Texts that would betray internals in an error message. */
    private static final String[] LEAKS = {"Exception", "at io.", "\tat ", "io.replikey", "com.fasterxml",
        "org.eclipse", "java.lang"};
    /** Every field name a request body may carry; anything else is an unknown field. */
    private static final Set<String> KNOWN_FIELDS = Set.of("$type", "name", "description", "enabled", "purpose",
            "connection_settings", "url", "active_replication_credential", "scan_settings", "auto_scan",
            "scan_interval_hours", "app_id", "certificate_chain", "key_type", "acct_id", "user_email",
            "user_password", "recaptcha_response", "first_name", "last_name", "token_type");
    private static final String CERTIFICATE = ReplicationCredential.CERTIFICATE;
    private static final String SOURCE_URL = "https://source.example.com";
    private static final int SCAN_HOURS = 6;

    /**
     * Tests' own JSON mapper: trailing tokens and duplicate keys are errors, so {@link #isJsonObject}
     * answers "is this one well-formed JSON object" and nothing more lenient.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
    private static Map<String, JsonNode> before;

    // ---------------------------------------------------------------- fixture

    @BeforeContainer
    static void startServer() throws IOException {
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
        activeId = client.createReplicationCredential(token, replicaId, null).credentialId();
        spareId = client.createReplicationCredential(token, replicaId, null).credentialId();
        activeCert = client.replicationCredentialSelfSignedCert(token, replicaId, activeId);
        spareCert = client.replicationCredentialSelfSignedCert(token, replicaId, spareId);
        client.updateReplicationCredential(token, replicaId, activeId, new UpdateReplicationCredentialRequest(
                CERTIFICATE, UUID.randomUUID().toString(), List.of(b64(activeCert))));
        client.updateAccount(token, replicaId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(activeId)));

        TestServer.User foreign = server.newUser();
        foreignBearer = DsmClient.bearer(foreign.token());
        foreignUserId = authenticate(foreign.email()).entityId();
        foreignAcctId = client.createAccount(foreign.token(), new AccountRequest("foreign", null, null, null)).acctId();

        JsonNode replica = snapshot().get(accountPath(replicaId));
        assertThat(replica.at("/purpose/connection_settings/active_replication_credential").asText())
                .isEqualTo(activeId);
    }

    @AfterContainer
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static AuthResponse authenticate(String user) {
        return client.call("POST", "/sys/v1/session/auth", DsmClient.basic(user, TestServer.PASSWORD), null,
                AuthResponse.class);
    }

    // ---------------------------------------------------------------- 1. bodies that are not one JSON object

    /**
     * Every body-reading route gets the same garbage: text, JSON-ish fragments, valid bodies cut
     * short or followed by junk, duplicate keys, scalars and arrays, deep nesting, random bytes and
     * encoding tricks. Well-formed objects are left out: one may be a valid request (their wrong
     * shapes are the next two properties).
     */
    @Property(tries = 150)
    void bodiesThatAreNotAJsonObjectAreRefusedEverywhere(@ForAll("notAJsonObject") byte[] body) {
        for (Target target : bodyTargets()) {
            assertClientError(send(target.method(), target.path(), target.authorization(), body), target, body);
        }
        assertStateUnchanged();
    }

    /** One field (at any depth, array elements too) of an otherwise valid body gets a value of another JSON type. */
    @Property(tries = 200)
    void wronglyTypedFieldsAreRefused(@ForAll("wronglyTypedField") Mutation mutation) {
        assertStatus(send(mutation), 400, mutation);
        assertStateUnchanged();
    }

    /** An otherwise valid body gains a field (at any depth) that the request type does not have. */
    @Property(tries = 100)
    void unknownFieldsAreRefused(@ForAll("unknownField") Mutation mutation) {
        assertStatus(send(mutation), 400, mutation);
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 2. wrong $type

    /**
     * Any {@code $type} but the valid one (near misses, other discriminators, non-strings, null) in
     * credential create and update and in account purposes; the rest of each body is valid.
     */
    @Property(tries = 100)
    void wrongTypeDiscriminatorsAreRefused(@ForAll("notCertificate") JsonNode credentialType,
            @ForAll("notAPurpose") JsonNode purposeType) {
        String credentials = credentialsPath(replicaId);
        List<Request> requests = List.of(
                new Request("POST", credentials, obj("$type", credentialType)),
                new Request("POST", credentialsPath(standardId), obj("$type", credentialType)),
                new Request("PATCH", credentials + "/" + activeId, obj("$type", credentialType,
                        "app_id", UUID.randomUUID().toString())),
                new Request("PATCH", credentials + "/" + spareId, obj("$type", credentialType,
                        "certificate_chain", List.of(b64(spareCert)))),
                new Request("POST", "/sys/v1/accounts", obj("name", "typed", "purpose", obj("$type", purposeType))),
                new Request("POST", "/sys/v1/accounts", obj("name", "typed",
                        "purpose", replicationPurpose(purposeType, SOURCE_URL, null, SCAN_HOURS))),
                new Request("PATCH", accountPath(standardId), obj("purpose", obj("$type", purposeType))),
                new Request("PATCH", accountPath(replicaId), obj("purpose", obj("$type", purposeType))),
                new Request("PATCH", accountPath(replicaId), obj("purpose",
                        replicationPurpose(purposeType, "https://other.example.com", activeId, 12))));
        for (Request request : requests) {
            assertStatus(send(request), 400, request);
        }
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 3. bad UUIDs

    /** A malformed id in each path parameter of each route, real ids elsewhere, a valid body. */
    @Property(tries = 100)
    void malformedIdsInPathsAre400(@ForAll("malformedUuids") String id) {
        for (Request request : withIdInEveryPathPosition(id)) {
            assertStatus(send(request), 400, request);
        }
        assertStateUnchanged();
    }

    /** A well-formed id of nothing the caller may see (the other user's ids among them) answers as missing. */
    @Property(tries = 40)
    void unknownIdsInPathsAre404(@ForAll("unknownUuids") String id) {
        for (Request request : withIdInEveryPathPosition(id)) {
            assertStatus(send(request), 404, request);
        }
        assertStateUnchanged();
    }

    /** A malformed id (or a non-string) in app_id, active_replication_credential and select_account's acct_id. */
    @Property(tries = 100)
    void malformedIdsInBodiesAre400(@ForAll("malformedUuidValues") JsonNode id) {
        for (Request request : withIdInEveryBodyField(id, true)) {
            assertStatus(send(request), 400, request);
        }
        assertStateUnchanged();
    }

    /** A well-formed id of nothing the caller may see as the active credential or the selected account. */
    @Property(tries = 30)
    void unknownIdsInBodiesAreRefused(@ForAll("unknownUuids") String id) {
        for (Request request : withIdInEveryBodyField(TextNode.valueOf(id), false)) {
            Exchange response = send(request);
            assertClientError(response, request, null);
            assertThat(response.status()).as("%s", request).isIn(400, 404);
        }
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 4. bad base64, garbage certificates

    /**
     * certificate_chain that is bad base64, not a certificate, a truncated or extended real
     * certificate, another key's certificate (whole or corrupted), PEM text, or a list of the wrong
     * length, at both credentials.
     */
    @Property(tries = 150)
    void garbageCertificateChainsAreRefused(@ForAll("garbageChain") ChainAttack attack) {
        // app_id is valid: a refused PATCH must not half-apply.
        ObjectNode body = obj("$type", CERTIFICATE, "app_id", UUID.randomUUID().toString(),
                "certificate_chain", attack.chain());
        String path = credentialsPath(replicaId) + "/" + attack.target().id();
        assertStatus(send("PATCH", path, bearer, bytes(body)), 400, attack);
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 5. oversize bodies

    /** Bodies just over the limit at every body-reading route, announced by Content-Length or streamed chunked. */
    @Property(tries = 10)
    void oversizeBodiesAre413(@ForAll @IntRange(min = 1, max = 64 * 1024) int excess, @ForAll boolean chunked) {
        for (Target target : bodyTargets()) {
            // A body the endpoint would accept, padded with JSON whitespace: only its size is wrong.
            byte[] body = padded(bytes(target.template()), ServerConfig.MAX_BODY_BYTES + excess);
            Exchange response = chunked ? sendChunked(target.method(), target.path(), target.authorization(), body)
                    : send(target.method(), target.path(), target.authorization(), body);
            assertStatus(response, 413, target + (chunked ? " (chunked)" : "") + ", " + body.length + " bytes");
        }
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 6. wrong credentials

    /**
     * No header, garbage Bearer tokens, the real token altered or without its scheme, a terminated
     * session's token, Basic with garbage: 401 at every authenticated route, each request one that
     * the right token would make succeed.
     */
    @Property(tries = 100)
    void wrongCredentialsAre401(@ForAll("hostileAuthorization") Header authorization) {
        for (Request request : authenticatedRequests()) {
            Exchange response = send(request.method(), request.path(), authorization.value(), bytes(request.body()));
            assertStatus(response, 401, request + " with " + authorization);
        }
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- 7. valid-looking but rule-breaking

    @Property(tries = 60)
    void scanIntervalsOutside1To255AreRefused(@ForAll("outOfRangeHours") BigInteger hours) {
        assertReplicationSettingsRefused(SOURCE_URL, hours);
    }

    @Property(tries = 60)
    void urlsThatAreNotHttpsAreRefused(@ForAll("notHttpsUrls") String url) {
        assertReplicationSettingsRefused(url, BigInteger.valueOf(SCAN_HOURS));
    }

    /** The settings are refused on create and on PATCH of the replication account. */
    private static void assertReplicationSettingsRefused(String url, BigInteger hours) {
        Request create = new Request("POST", "/sys/v1/accounts",
                obj("name", "rule breaker", "purpose", replicationPurpose("AccountReplication", url, null, hours)));
        Request update = new Request("PATCH", accountPath(replicaId),
                obj("purpose", replicationPurpose("AccountReplication", url, activeId, hours)));
        for (Request request : List.of(create, update)) {
            assertStatus(send(request), 400, request);
        }
        assertStateUnchanged();
    }

    @Property(tries = 20)
    void activeCredentialIsRefusedOnCreate(@ForAll("credentialIds") String credentialId) {
        Request create = new Request("POST", "/sys/v1/accounts", obj("name", "born active",
                "purpose", replicationPurpose("AccountReplication", SOURCE_URL, credentialId, SCAN_HOURS)));
        assertStatus(send(create), 400, create);
        assertStateUnchanged();
    }

    /** Each well-formed request that breaks one rule of design.md §3–§4, with the status that rule calls for. */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void requestsThatBreakARuleAreRefused(@ForAll("ruleBreakingRequests") RuleBreaker rule) {
        Request request = rule.request();
        Exchange response = send(request.method(), request.path(), rule.authorization(), bytes(request.body()));
        assertStatus(response, rule.status(), rule);
        assertStateUnchanged();
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

    /**
     * Every route in {@link Routes} that reads a body. Sending a template as is would succeed and,
     * for most, change the state; the properties send them broken, oversize or unauthenticated.
     * (session/refresh and session/terminate take no body, as in DSM.)
     */
    private static List<Target> bodyTargets() {
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
                new Target("POST", credentials + "/" + spareId + "/self_sign", bearer, obj()));
    }

    /** Every authenticated route, each with a body that would succeed with the right credentials. */
    private static List<Request> authenticatedRequests() {
        String credentials = credentialsPath(replicaId);
        return List.of(
                new Request("POST", "/sys/v1/session/auth", obj()),
                new Request("GET", "/sys/v1/users/" + userId, null),
                new Request("POST", "/sys/v1/session/select_account", obj("acct_id", replicaId.toString())),
                new Request("POST", "/sys/v1/session/refresh", null),
                new Request("POST", "/sys/v1/session/terminate", null),
                new Request("POST", "/sys/v1/accounts", obj("name", "sneaked in")),
                new Request("GET", "/sys/v1/accounts", null),
                new Request("GET", accountPath(standardId), null),
                new Request("PATCH", accountPath(standardId), obj("description", "sneaked in")),
                new Request("PATCH", accountPath(replicaId), obj("purpose", obj("$type", "Standard"))),
                new Request("DELETE", accountPath(standardId), null),
                new Request("GET", credentials, null),
                new Request("POST", credentials, obj("$type", CERTIFICATE)),
                new Request("GET", credentials + "/" + spareId, null),
                new Request("PATCH", credentials + "/" + spareId, obj("$type", CERTIFICATE,
                        "app_id", UUID.randomUUID().toString())),
                new Request("DELETE", credentials + "/" + spareId, null),
                new Request("POST", credentials + "/" + spareId + "/self_sign", obj()));
    }

    /** Routes with path parameters, as templates. */
    private static final List<String[]> PATH_ROUTES = List.of(
            new String[] {"GET", "/sys/v1/users/{user_id}"},
            new String[] {"GET", "/sys/v1/accounts/{acct_id}"},
            new String[] {"PATCH", "/sys/v1/accounts/{acct_id}"},
            new String[] {"DELETE", "/sys/v1/accounts/{acct_id}"},
            new String[] {"GET", "/sys/v1/accounts/{acct_id}/replication/credentials"},
            new String[] {"POST", "/sys/v1/accounts/{acct_id}/replication/credentials"},
            new String[] {"GET", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}"},
            new String[] {"PATCH", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}"},
            new String[] {"DELETE", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}"},
            new String[] {"POST", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}/self_sign"});

    /**
     * Each route once per path parameter, with {@code id} (percent-encoded) in that position and
     * real ids elsewhere, and a body that would be accepted, so the id is the only fault.
     */
    private static List<Request> withIdInEveryPathPosition(String id) {
        List<Request> requests = new ArrayList<>();
        Map<String, String> real = Map.of("{user_id}", userId.toString(), "{acct_id}", replicaId.toString(),
                "{credential_id}", spareId);
        for (String[] route : PATH_ROUTES) {
            for (String param : real.keySet()) {
                if (!route[1].contains(param)) {
                    continue;
                }
                String path = route[1].replace(param, pathSegment(id));
                for (Map.Entry<String, String> other : real.entrySet()) {
                    path = path.replace(other.getKey(), other.getValue());
                }
                requests.add(new Request(route[0], path, bodyFor(route[0], route[1])));
            }
        }
        return requests;
    }

    private static JsonNode bodyFor(String method, String template) {
        if (template.endsWith("/self_sign")) {
            return obj();
        }
        if (template.endsWith("/credentials") && method.equals("POST")) {
            return obj("$type", CERTIFICATE);
        }
        if (template.endsWith("{credential_id}") && method.equals("PATCH")) {
            return obj("$type", CERTIFICATE, "app_id", UUID.randomUUID().toString());
        }
        if (method.equals("PATCH")) {
            return obj("description", "changed");
        }
        return null;
    }

    /** {@code id} in every body field that holds an id, in requests otherwise valid. */
    private static List<Request> withIdInEveryBodyField(JsonNode id, boolean includeAppId) {
        String credentials = credentialsPath(replicaId);
        List<Request> requests = new ArrayList<>(List.of(
                new Request("PATCH", accountPath(replicaId), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, id, SCAN_HOURS))),
                new Request("POST", "/sys/v1/session/select_account", obj("acct_id", id))));
        if (includeAppId) { // any well-formed app_id is a valid one
            requests.add(new Request("PATCH", credentials + "/" + activeId, obj("$type", CERTIFICATE, "app_id", id)));
            requests.add(new Request("PATCH", credentials + "/" + spareId, obj("$type", CERTIFICATE, "app_id", id)));
        }
        return requests;
    }

    // ---------------------------------------------------------------- generators: bodies

    @Provide
    Arbitrary<byte[]> notAJsonObject() {
        Arbitrary<String> template = Arbitraries.of(bodyTargets()).map(t -> t.template().toString());
        Arbitrary<String> json = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,.-+0123456789eE truefalsn\\u$\t\r\n").ofMinLength(1)
                        .ofMaxLength(60),
                template.flatMap(t -> Arbitraries.integers().between(1, t.length() - 1).map(n -> t.substring(0, n))),
                template.flatMap(t -> Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).map(t::concat)),
                template.filter(t -> t.length() > 2).map(HostileInputProperties::withDuplicateKey),
                jsonValuesOtherThanObjects(template),
                deeplyNested());
        return Arbitraries.oneOf(
                        json.map(s -> s.getBytes(UTF_8)),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200),
                        encodingTricks(template))
                .filter(body -> !isJsonObject(body));
    }

    private static Arbitrary<String> jsonValuesOtherThanObjects(Arbitrary<String> template) {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1e309", "\"\"", "[]", "[{}]", "[null]", "{}}",
                        "{", "}", "{]", "[}", "NaN", "Infinity", "'{}'", "{'$type':'Certificate'}", "{\"a\" 1}",
                        "{\"a\":1,}", "{,}", "{\"$type\":\"Certificate\"}{}", "// comment\n{}", "/* c */{}"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().all().ofMaxLength(40).map(HostileInputProperties::quote),
                template.map(t -> "[" + t + "]"),
                template.map(HostileInputProperties::quote));
    }

    private static Arbitrary<String> deeplyNested() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 100_000);
        return Arbitraries.oneOf(
                depth.map(n -> "[".repeat(n) + "]".repeat(n)),
                depth.map(n -> "[".repeat(n)),
                depth.map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                depth.map(n -> "{\"certificate_chain\":" + "[".repeat(n) + "]".repeat(n) + "}"));
    }

    /** Byte-order marks, NUL bytes and UTF-16/32 look-alikes that steer the parser's encoding detection. */
    private static Arbitrary<byte[]> encodingTricks(Arbitrary<String> template) {
        Arbitrary<byte[]> prefix = Arbitraries.of(new byte[] {0, 0, 0, '{'}, new byte[] {'{', 0, 0, 0},
                new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
                new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {0, '{', 0, '"'},
                new byte[] {'{', 0, '"', 0}, new byte[] {0}, new byte[] {(byte) 0xC0, (byte) 0x80});
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        Arbitrary<Charset> wide = Arbitraries.of(Charset.forName("UTF-16BE"), Charset.forName("UTF-16LE"),
                Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"));
        return Arbitraries.oneOf(
                Combinators.combine(prefix, tail).as(HostileInputProperties::concat),
                Combinators.combine(prefix, template).as((p, t) -> concat(p, t.getBytes(UTF_8))),
                Combinators.combine(template, wide).as((t, charset) -> t.getBytes(charset))
                        .flatMap(b -> Arbitraries.integers().between(1, b.length - 1).map(n -> Arrays.copyOf(b, n))));
    }

    /** A field of a template replaced by a value of another JSON type. */
    record Mutation(Target target, String pointer, ObjectNode body) {
        @Override
        public String toString() {
            return target + " with " + pointer + " = " + abbreviate(body.at(pointer).toString());
        }
    }

    @Provide
    Arbitrary<Mutation> wronglyTypedField() {
        return Arbitraries.of(bodyTargets()).filter(t -> !t.template().isEmpty()).flatMap(target ->
                Arbitraries.of(pointers(target.template(), JsonPointer.empty(), false)).flatMap(pointer -> {
                    JsonNode current = target.template().at(pointer);
                    return valueOfAnotherType(current).map(value ->
                            new Mutation(target, pointer.toString(), replaced(target.template(), pointer, value)));
                }));
    }

    @Provide
    Arbitrary<Mutation> unknownField() {
        Arbitrary<String> name = Arbitraries.strings().all().ofMaxLength(24).filter(n -> !KNOWN_FIELDS.contains(n));
        return Arbitraries.of(bodyTargets()).flatMap(target ->
                Combinators.combine(Arbitraries.of(pointers(target.template(), JsonPointer.empty(), true)), name,
                        scalar()).as((at, field, value) -> {
                            ObjectNode body = target.template().deepCopy();
                            ((ObjectNode) body.at(at)).set(field, value);
                            return new Mutation(target, at.appendProperty(field).toString(), body);
                        }));
    }

    /** Paths of all non-null values under {@code node}; only of objects (root included) when {@code objectsOnly}. */
    private static List<JsonPointer> pointers(JsonNode node, JsonPointer at, boolean objectsOnly) {
        List<JsonPointer> found = new ArrayList<>();
        if (objectsOnly ? node.isObject() : !at.matches()) {
            found.add(at);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    found.addAll(pointers(field.getValue(), at.appendProperty(field.getKey()), objectsOnly));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(pointers(node.get(i), at.appendIndex(i), objectsOnly));
            }
        }
        return found;
    }

    private static ObjectNode replaced(ObjectNode template, JsonPointer pointer, JsonNode value) {
        ObjectNode copy = template.deepCopy();
        JsonNode parent = copy.at(pointer.head());
        if (parent instanceof ObjectNode object) {
            object.set(pointer.last().getMatchingProperty(), value);
        } else {
            ((ArrayNode) parent).set(pointer.last().getMatchingIndex(), value);
        }
        return copy;
    }

    /** JSON kinds as the strict mapper tells them apart (an integer is not a decimal). */
    private enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, ARRAY, OBJECT }

    private static Kind kindOf(JsonNode node) {
        if (node.isTextual()) {
            return Kind.STRING;
        }
        if (node.isIntegralNumber()) {
            return Kind.INTEGER;
        }
        if (node.isNumber()) {
            return Kind.DECIMAL;
        }
        if (node.isBoolean()) {
            return Kind.BOOLEAN;
        }
        return node.isArray() ? Kind.ARRAY : Kind.OBJECT;
    }

    private static Arbitrary<JsonNode> valueOfAnotherType(JsonNode current) {
        Kind kind = kindOf(current);
        return Arbitraries.of(Kind.values()).filter(k -> k != kind).flatMap(HostileInputProperties::valueOfKind);
    }

    private static Arbitrary<JsonNode> valueOfKind(Kind kind) {
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

    private static Arbitrary<JsonNode> scalar() {
        return Arbitraries.oneOf(valueOfKind(Kind.STRING), valueOfKind(Kind.INTEGER), valueOfKind(Kind.DECIMAL),
                valueOfKind(Kind.BOOLEAN), Arbitraries.just(NullNode.getInstance()));
    }

    // ---------------------------------------------------------------- generators: $type

    @Provide
    Arbitrary<JsonNode> notCertificate() {
        return anythingBut(CERTIFICATE);
    }

    @Provide
    Arbitrary<JsonNode> notAPurpose() {
        return anythingBut("Standard", "AccountReplication");
    }

    /** Any JSON value but the given strings: near misses, other discriminators, other types, null. */
    private static Arbitrary<JsonNode> anythingBut(String... valid) {
        Set<String> refused = Set.of(valid);
        Arbitrary<String> nearMiss = Arbitraries.of(valid).flatMap(v -> Arbitraries.of(
                v.toLowerCase(Locale.ROOT), v.toUpperCase(Locale.ROOT), " " + v, v + " ", v + "\u0000", v + "s",
                v.substring(1), v.replace('C', '\u0421').replace('A', '\u0410'), "\uFEFF" + v));
        Arbitrary<String> strings = Arbitraries.oneOf(nearMiss, Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("Certificate", "Standard", "AccountReplication", "Secret", "Signer",
                        "TrustedCa", "PublicKey", ""));
        return Arbitraries.oneOf(
                strings.filter(s -> !refused.contains(s)).map(TextNode::valueOf),
                Arbitraries.of(valid).map(v -> (JsonNode) NODES.arrayNode().add(v)),
                Arbitraries.of(valid).map(v -> (JsonNode) NODES.objectNode().put("$type", v)),
                valueOfKind(Kind.INTEGER), valueOfKind(Kind.BOOLEAN), valueOfKind(Kind.DECIMAL),
                Arbitraries.just(NullNode.getInstance()));
    }

    // ---------------------------------------------------------------- generators: ids

    /** Strings that are not a UUID in canonical 8-4-4-4-12 form; many are near misses of real ids. */
    @Provide
    Arbitrary<String> malformedUuids() {
        Arbitrary<String> real = Arbitraries.of(activeId, spareId, replicaId.toString(), standardId.toString(),
                userId.toString());
        Arbitrary<Character> anyChar = Arbitraries.chars().all();
        Arbitrary<String> nearMiss = real.flatMap(id -> Arbitraries.oneOf(
                Arbitraries.integers().between(0, id.length() - 1)
                        .map(i -> id.substring(0, i) + id.substring(i + 1)),
                Combinators.combine(Arbitraries.integers().between(0, id.length()), anyChar)
                        .as((i, c) -> id.substring(0, i) + c + id.substring(i)),
                Combinators.combine(Arbitraries.integers().between(0, id.length() - 1), anyChar)
                        .as((i, c) -> id.substring(0, i) + c + id.substring(i + 1)),
                Arbitraries.of(id.replace("-", ""), "{" + id + "}", "urn:uuid:" + id, " " + id, id + " ",
                        id + "\n", "\t" + id, id + "\u0000", id.replace('-', '_'), id + "/x", "../" + id,
                        id.substring(0, 35) + "\uFF10", fullWidthDigits(id), id + id)));
        Arbitrary<String> hexGroups = Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f')
                .ofMinLength(1).ofMaxLength(13).list().ofMinSize(1).ofMaxSize(6).map(g -> String.join("-", g));
        return Arbitraries.oneOf(nearMiss, hexGroups, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                        Arbitraries.of(".", "..", "%", "null", "0", "-1", "00000000-0000-0000-0000-00000000000g"))
                .filter(s -> !s.isEmpty() && !CANONICAL_UUID.matcher(s).matches());
    }

    /** A malformed id as a body field: a malformed string, or no string at all. */
    @Provide
    Arbitrary<JsonNode> malformedUuidValues() {
        return Arbitraries.oneOf(
                malformedUuids().map(TextNode::valueOf),
                Arbitraries.just(TextNode.valueOf("")),
                valueOfKind(Kind.INTEGER), valueOfKind(Kind.DECIMAL), valueOfKind(Kind.BOOLEAN),
                Arbitraries.of(activeId, replicaId.toString()).map(id -> (JsonNode) NODES.arrayNode().add(id)),
                Arbitraries.of(activeId, replicaId.toString()).map(id -> (JsonNode) NODES.objectNode().put("id", id)));
    }

    /** Well-formed ids that name nothing the caller can reach (the other user's are among them). */
    @Provide
    Arbitrary<String> unknownUuids() {
        Arbitrary<String> random = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        return Arbitraries.oneOf(random, random.map(s -> s.toUpperCase(Locale.ROOT)),
                Arbitraries.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                        foreignAcctId.toString(), foreignUserId.toString()));
    }

    @Provide
    Arbitrary<String> credentialIds() {
        return Arbitraries.oneOf(Arbitraries.of(activeId, spareId),
                Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()));
    }

    // ---------------------------------------------------------------- generators: certificates

    /** A credential to PATCH, its own self-signed certificate, and another key's certificate. */
    record Credential(String id, byte[] own, byte[] other) {
        @Override
        public String toString() {
            return id.equals(activeId) ? "active credential" : "spare credential";
        }
    }

    record ChainAttack(Credential target, String how, List<String> chain) {
        @Override
        public String toString() {
            return how + " at the " + target + ": " + abbreviate(chain.toString());
        }
    }

    @Provide
    Arbitrary<ChainAttack> garbageChain() {
        return Arbitraries.of(new Credential(activeId, activeCert, spareCert),
                new Credential(spareId, spareCert, activeCert)).flatMap(this::garbageChainFor);
    }

    private Arbitrary<ChainAttack> garbageChainFor(Credential target) {
        byte[] own = target.own();
        String ownB64 = b64(own);
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        Arbitrary<ChainAttack> attacks = Arbitraries.oneOf(
                badBase64(ownB64).map(s -> attack(target, "bad base64", s)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                        .map(b -> attack(target, "random bytes", b64(b))),
                Arbitraries.integers().between(0, own.length - 1)
                        .map(n -> attack(target, "truncated own certificate", b64(Arrays.copyOf(own, n)))),
                noise.map(extra -> attack(target, "own certificate + trailing bytes", b64(concat(own, extra)))),
                Arbitraries.just(attack(target, "another key's certificate", b64(target.other()))),
                Combinators.combine(Arbitraries.integers().between(0, target.other().length - 1), noise)
                        .as((i, b) -> {
                            byte[] corrupted = target.other().clone();
                            corrupted[i] ^= b[0] == 0 ? 1 : b[0];
                            return attack(target, "another key's certificate, corrupted", b64(corrupted));
                        }),
                Arbitraries.just(attack(target, "own certificate as PEM text", b64(pem(own).getBytes(UTF_8)))),
                noise.map(b -> new ChainAttack(target, "own certificate, then garbage", List.of(ownB64, b64(b)))),
                Arbitraries.just(new ChainAttack(target, "another key's certificate, then own",
                        List.of(b64(target.other()), ownB64))),
                Arbitraries.just(new ChainAttack(target, "empty chain", List.of())),
                Arbitraries.just(new ChainAttack(target, "17 certificates",
                        Collections.nCopies(17, ownB64))));
        return attacks;
    }

    /** Strings the standard, padded base64 decoder refuses, many of them near misses of a real certificate. */
    private static Arbitrary<String> badBase64(String real) {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCxyz019+/=-_ .\n\r\t*\u00e9").ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of(Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(real)),
                        " " + real, real + "\n", real + "=", "=" + real, real.substring(1), real + "A",
                        real.replace('+', '-').replace('/', '_') + "!", real.replace("=", "") + "*",
                        real.substring(0, 8) + "\u0000" + real.substring(8)))
                .filter(s -> !s.equals(real));
    }

    private static ChainAttack attack(Credential target, String how, String element) {
        return new ChainAttack(target, how, List.of(element));
    }

    // ---------------------------------------------------------------- generators: authorization

    /** An Authorization header value; null means no header at all. */
    record Header(String value) {
        @Override
        public String toString() {
            return value == null ? "no Authorization header" : "Authorization: " + abbreviate(value);
        }
    }

    @Provide
    Arbitrary<Header> hostileAuthorization() {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(120);
        Arbitrary<String> scheme = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ",
                "Bearer\t", "Basic ", "basic ", "Token ", "Digest ", "");
        Arbitrary<String> user = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> s + "@example.org");
        Arbitrary<String> values = Arbitraries.oneOf(
                Combinators.combine(scheme, printable).as(String::concat),
                mutatedToken().map(DsmClient::bearer),
                Arbitraries.of(token, "Basic " + token, DsmClient.bearer(terminatedToken), "Bearer " + token + " x",
                        "Bearer " + b64(token.getBytes(UTF_8)), DsmClient.basic(token, "")),
                Combinators.combine(user, printable).as(DsmClient::basic),
                printable.map(s -> "Basic " + b64(s.getBytes(UTF_8))));
        return Arbitraries.oneOf(Arbitraries.just(new Header(null)), values.map(Header::new));
    }

    /** The fixture's real token with a part cut off, added or changed. */
    private static Arbitrary<String> mutatedToken() {
        Arbitrary<Character> printable = Arbitraries.chars().range('!', '~');
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, token.length() - 1).map(n -> token.substring(0, n)),
                Arbitraries.integers().between(1, token.length() - 1).map(token::substring),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8).map(token::concat),
                Combinators.combine(Arbitraries.integers().between(0, token.length() - 1), printable)
                        .as((i, c) -> token.substring(0, i) + c + token.substring(i + 1)))
                .filter(t -> !t.equals(token));
    }

    // ---------------------------------------------------------------- generators: rule breakers

    @Provide
    Arbitrary<BigInteger> outOfRangeHours() {
        return Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(0).map(BigInteger::valueOf),
                Arbitraries.integers().greaterOrEqual(256).map(BigInteger::valueOf),
                Arbitraries.longs().filter(l -> l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)
                        .map(BigInteger::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.valueOf(-1), BigInteger.valueOf(256)));
    }

    @Provide
    Arbitrary<String> notHttpsUrls() {
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> s + ".example.com");
        Arbitrary<String> otherScheme = Arbitraries.of("http", "HTTP", "ftp", "ws", "wss", "file", "ldap",
                "javascript", "data", "htps", "httpss", "https+unix", "shttp");
        return Arbitraries.oneOf(
                Combinators.combine(otherScheme, host).as((s, h) -> s + "://" + h),
                host.map(h -> "https://user:secret@" + h),
                host.map(h -> "https://" + h + "/#fragment"),
                host.map(h -> "https:" + h),
                host.map(h -> "//" + h),
                host,
                host.map(h -> " https://" + h),
                host.map(h -> "https://" + h + "/a b"),
                Arbitraries.of("", "https://", "https:///path", "https://:443", "https://[::1"),
                Arbitraries.strings().all().ofMaxLength(40)
                        .filter(s -> !s.toLowerCase(Locale.ROOT).startsWith("https://")));
    }

    /** A request that is well-formed but breaks a rule of design.md §3–§4, and the status it must get. */
    record RuleBreaker(String rule, Request request, String authorization, int status) {
        RuleBreaker(String rule, Request request, int status) {
            this(rule, request, bearer, status);
        }

        @Override
        public String toString() {
            return rule + ": " + request + " → " + status;
        }
    }

    @Provide
    Arbitrary<RuleBreaker> ruleBreakingRequests() {
        String credentials = credentialsPath(replicaId);
        ObjectNode replication = replicationPurpose("AccountReplication", SOURCE_URL, null, SCAN_HOURS);
        return Arbitraries.of(
                new RuleBreaker("blank name", post("/sys/v1/accounts", obj("name", " \t ")), 400),
                new RuleBreaker("no name", post("/sys/v1/accounts", obj("description", "nameless")), 400),
                new RuleBreaker("name over 4096 characters", post("/sys/v1/accounts", obj("name", "n".repeat(4097))),
                        400),
                new RuleBreaker("Standard purpose with settings", post("/sys/v1/accounts", obj("name", "n",
                        "purpose", obj("$type", "Standard", "connection_settings", obj("url", SOURCE_URL)))), 400),
                new RuleBreaker("replication without url", post("/sys/v1/accounts", obj("name", "n",
                        "purpose", obj("$type", "AccountReplication",
                                "scan_settings", replication.get("scan_settings")))),
                        400),
                new RuleBreaker("replication without scan settings", post("/sys/v1/accounts", obj("name", "n",
                        "purpose", obj("$type", "AccountReplication",
                                "connection_settings", replication.get("connection_settings")))), 400),
                new RuleBreaker("replication without scan interval", post("/sys/v1/accounts", obj("name", "n",
                        "purpose", obj("$type", "AccountReplication",
                                "connection_settings", replication.get("connection_settings"),
                                "scan_settings", obj("auto_scan", obj())))), 400),
                new RuleBreaker("Standard cannot become replication",
                        patch(accountPath(standardId), obj("purpose", replication)), 409),
                new RuleBreaker("replication account name is read-only",
                        patch(accountPath(replicaId), obj("name", "renamed")), 409),
                new RuleBreaker("replication account description is read-only",
                        patch(accountPath(replicaId), obj("description", "changed")), 409),
                new RuleBreaker("replication account cannot be disabled",
                        patch(accountPath(replicaId), obj("enabled", false)), 409),
                new RuleBreaker("a bare credential cannot be active", patch(accountPath(replicaId), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, spareId, SCAN_HOURS))), 409),
                new RuleBreaker("an account id is not a credential", patch(accountPath(replicaId), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, foreignAcctId.toString(), SCAN_HOURS))),
                        400),
                new RuleBreaker("the active credential cannot be deleted",
                        new Request("DELETE", credentials + "/" + activeId, null), 409),
                new RuleBreaker("at most two credentials", post(credentials, obj("$type", CERTIFICATE)), 409),
                new RuleBreaker("credentials only in replication accounts",
                        post(credentialsPath(standardId), obj("$type", CERTIFICATE)), 400),
                new RuleBreaker("no credentials listed in a Standard account",
                        new Request("GET", credentialsPath(standardId), null), 400),
                new RuleBreaker("a credential under the wrong account",
                        new Request("GET", credentialsPath(standardId) + "/" + activeId, null), 400),
                new RuleBreaker("unknown key type",
                        post(credentials, obj("$type", CERTIFICATE, "key_type", "rsa-1024")), 400),
                new RuleBreaker("credential create without $type", post(credentials, obj()), 400),
                new RuleBreaker("credential PATCH without $type",
                        patch(credentials + "/" + spareId, obj("app_id", UUID.randomUUID().toString())), 400),
                new RuleBreaker("certificate_chain without certificates",
                        patch(credentials + "/" + spareId, obj("$type", CERTIFICATE, "certificate_chain", List.of())),
                        400),
                new RuleBreaker("certificate_chain of null", patch(credentials + "/" + spareId,
                        obj("$type", CERTIFICATE, "certificate_chain", NODES.arrayNode().addNull())), 400),
                new RuleBreaker("another user's account is not found",
                        new Request("GET", accountPath(foreignAcctId), null), 404),
                new RuleBreaker("another user's account cannot be changed",
                        patch(accountPath(foreignAcctId), obj("name", "stolen")), 404),
                new RuleBreaker("another user's account cannot be deleted",
                        new Request("DELETE", accountPath(foreignAcctId), null), 404),
                new RuleBreaker("another user's account cannot be selected",
                        post("/sys/v1/session/select_account", obj("acct_id", foreignAcctId.toString())), 404),
                new RuleBreaker("another user's record is not found",
                        new Request("GET", "/sys/v1/users/" + foreignUserId, null), 404),
                new RuleBreaker("the other user cannot read this user's account",
                        new Request("GET", accountPath(replicaId), null), foreignBearer, 404),
                new RuleBreaker("the other user cannot delete this user's credential",
                        new Request("DELETE", credentials + "/" + spareId, null), foreignBearer, 404),
                new RuleBreaker("a terminated session is over",
                        new Request("GET", "/sys/v1/accounts", null), DsmClient.bearer(terminatedToken), 401),
                new RuleBreaker("sign-up with a taken email", post("/sys/v1/users",
                        obj("user_email", email.toUpperCase(Locale.ROOT), "user_password", "another long password")),
                        null, 409),
                new RuleBreaker("sign-up with an invalid email", post("/sys/v1/users",
                        obj("user_email", "not-an-email", "user_password", "a long enough password")), null, 400),
                new RuleBreaker("sign-up with a short password", post("/sys/v1/users",
                        obj("user_email", "short-" + UUID.randomUUID() + "@example.com", "user_password", "short")),
                        null, 400),
                new RuleBreaker("only Bearer tokens", post("/sys/v1/session/auth", obj("token_type", "Cookie")),
                        DsmClient.basic(email, TestServer.PASSWORD), 400),
                // Refused by Javalin or Jetty before any handler runs: still short text/plain answers.
                new RuleBreaker("no such method", new Request("PUT", "/sys/v1/accounts", obj("name", "put")), 405),
                new RuleBreaker("no such endpoint", new Request("GET", "/sys/v1/nothing", null), 404),
                new RuleBreaker("URI too long", new Request("GET", accountPath(replicaId) + "/" + "a".repeat(10_000),
                        null), 414),
                new RuleBreaker("headers too large", new Request("GET", "/sys/v1/accounts", null),
                        "Bearer " + "a".repeat(10_000), 431));
    }

    private static Request post(String path, JsonNode body) {
        return new Request("POST", path, body);
    }

    private static Request patch(String path, JsonNode body) {
        return new Request("PATCH", path, body);
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

    /** Each try is compared with the state just before it, so a change is pinned on the input that made it. */
    @BeforeTry
    void takeSnapshot() {
        before = snapshot();
    }

    private static void assertStateUnchanged() {
        assertThat(snapshot()).as("state visible through the API").isEqualTo(before);
    }

    // ---------------------------------------------------------------- sending and checking

    /** Sends one request; a connection closed without an answer fails the property like a wrong answer. */
    private static Exchange send(String method, String path, String authorization, byte[] body) {
        try {
            return client.send(method, path, authorization, body);
        } catch (UncheckedIOException e) {
            String sent = body == null ? "no body" : "body " + abbreviate(new String(body, UTF_8));
            throw new AssertionError("no answer to " + method + " " + path + " with " + new Header(authorization)
                    + " and " + sent, e);
        }
    }

    private static Exchange send(Request request) {
        return send(request.method(), request.path(), bearer, bytes(request.body()));
    }

    private static Exchange send(Mutation mutation) {
        Target target = mutation.target();
        return send(target.method(), target.path(), target.authorization(), bytes(mutation.body()));
    }

    /** Sends with Transfer-Encoding: chunked, so the server cannot refuse on Content-Length alone. */
    private static Exchange sendChunked(String method, String path, String authorization, byte[] body) {
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
    private static void assertClientError(Exchange response, Object request, byte[] body) {
        String what = request + (body == null ? "" : " with body " + abbreviate(new String(body, UTF_8)));
        assertThat(response.status()).as("status of %s; answer: %s", what, response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as("content type of %s", what).startsWith("text/plain");
        assertThat(response.body()).as("message of %s", what).doesNotContain(LEAKS).hasSizeLessThanOrEqualTo(1024);
    }

    private static void assertStatus(Exchange response, int status, Object request) {
        assertClientError(response, request, null);
        assertThat(response.status()).as("status of %s; answer: %s", request, response.body()).isEqualTo(status);
    }

    // ---------------------------------------------------------------- small helpers

    private static String accountPath(UUID acctId) {
        return "/sys/v1/accounts/" + acctId;
    }

    private static String credentialsPath(UUID acctId) {
        return accountPath(acctId) + "/replication/credentials";
    }

    /** An object from alternating names and values (values: String, Number, Boolean, List, JsonNode, null). */
    private static ObjectNode obj(Object... namesAndValues) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }

    /** A replication purpose; {@code activeCredential} is left out when null. */
    private static ObjectNode replicationPurpose(Object type, Object url, Object activeCredential, Object hours) {
        ObjectNode connection = obj("url", url);
        if (activeCredential != null) {
            connection.set("active_replication_credential", JSON.valueToTree(activeCredential));
        }
        return obj("$type", type, "connection_settings", connection,
                "scan_settings", obj("auto_scan", obj("scan_interval_hours", hours)));
    }

    private static byte[] bytes(JsonNode body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code body} is exactly one well-formed JSON object (the only shape a request body may have). */
    private static boolean isJsonObject(byte[] body) {
        try {
            return JSON.readTree(body) instanceof ObjectNode;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code {"k":v,...,"k":v}}: the template with its first field repeated at the end. */
    private static String withDuplicateKey(String template) {
        try {
            JsonNode node = JSON.readTree(template);
            Map.Entry<String, JsonNode> first = node.properties().iterator().next();
            return template.substring(0, template.length() - 1) + "," + JSON.writeValueAsString(first.getKey())
                    + ":" + first.getValue() + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }

    private static byte[] padded(byte[] json, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Percent-encodes every byte but letters, digits and '-', so an id stays one path segment. */
    private static String pathSegment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String fullWidthDigits(String id) {
        StringBuilder out = new StringBuilder();
        id.chars().forEach(c -> out.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + c - '0') : (char) c));
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…(" + text.length() + " chars)";
    }
}
