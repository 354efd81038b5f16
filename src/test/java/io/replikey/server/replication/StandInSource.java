package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A stand-in DSM source for connector tests: HTTPS on 127.0.0.1 (port 0) with the client
 * certificate required, app authentication that compares the presented certificate with the
 * registered one, and DSM's full response shapes (fields replikey never produces, object types
 * it does not support). Groups are paged by continuation token, security objects by offset.
 * Every request is recorded; a request with a query parameter or path DSM does not document is
 * answered 400/404, so tests show the connector sends none.
 */
final class StandInSource implements AutoCloseable {
    static final UUID ACCOUNT = UUID.fromString("5e4f1c2a-0000-4000-8000-00000000acc7");
    /** Query parameters DSM documents for GET /sys/v1/groups (GetGroupsParams). */
    static final Set<String> GROUP_PARAMS = Set.of("limit", "offset", "sort", "start", "filter", "continuation_token");
    /** Query parameters DSM documents for GET /crypto/v1/keys (ListSobjectsParams). */
    static final Set<String> KEY_PARAMS = Set.of("group_id", "creator", "name", "pkcs11_label", "pkcs11_id",
            "obj_type", "limit", "offset", "sort", "start", "compliant_with_policies", "with_metadata",
            "show_destroyed", "show_deleted", "show_value", "show_pub_key", "show_kcv", "filter");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the stand-in pages groups. */
    enum GroupPaging {
        /** DSM today: metadata and continuation tokens when continuation_token is given. */
        CONTINUATION,
        /** An older source: bare arrays, limit and offset honoured, continuation_token ignored. */
        BARE_ARRAYS,
        /** A source that ignores paging altogether: every answer holds every group. */
        EVERYTHING
    }

    /** One recorded request. */
    record Request(String method, String path, Map<String, String> query) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<UUID, X509Certificate> apps = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    private final Set<UUID> forbiddenExports = ConcurrentHashMap.newKeySet();
    private final Set<UUID> goneAtExport = ConcurrentHashMap.newKeySet();
    private final Set<UUID> invalidExports = ConcurrentHashMap.newKeySet();
    /** Exchange attributes belong to the whole context in the JDK's server, so this set tracks them. */
    private final Set<HttpExchange> unanswered = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger authentications = new AtomicInteger();
    private final List<UUID> authenticatedApps = Collections.synchronizedList(new ArrayList<>());
    private final List<UUID> groupIds;
    private final List<UUID> kids;
    private final Set<UUID> deletedGroups = ConcurrentHashMap.newKeySet();
    private final Set<UUID> deletedKids = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> revisions = new ConcurrentHashMap<>();
    private final Map<UUID, String> renamed = new ConcurrentHashMap<>();
    /** Groups and objects listed with the acct_id of another account than the source's. */
    private final Map<UUID, UUID> foreignAccounts = new ConcurrentHashMap<>();
    private volatile UUID account = ACCOUNT;
    private volatile GroupPaging groupPaging = GroupPaging.CONTINUATION;
    private volatile int maxPage = Integer.MAX_VALUE;
    private volatile boolean keysWithMetadata = true;
    private volatile String errorBody;
    private volatile String okBody;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile String hangAt;
    private volatile CountDownLatch hangReached = new CountDownLatch(0);
    private final CountDownLatch closed = new CountDownLatch(1);

    StandInSource(TestPki.Identity serverIdentity, int groups, int objects, X509Certificate... namedIssuers)
            throws Exception {
        this.groupIds = sortedIds("group", groups);
        this.kids = sortedIds("key", objects);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SSLContext tls = serverContext(serverIdentity, namedIssuers, chain -> true);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    void registerApp(UUID appId, X509Certificate certificate) {
        apps.put(appId, certificate);
    }

    void removeApp(UUID appId) {
        apps.remove(appId);
    }

    /** Answers from now on as if the apps authenticated into another account holding the same items. */
    void answerAsAccount(UUID other) {
        account = other;
    }

    /** Lists one group or object with the acct_id of {@code other}, as a broken source might. */
    void listInAccount(UUID id, UUID other) {
        foreignAccounts.put(id, other);
    }

    /** Deletes a group (one without objects) or an object at the source. */
    void delete(UUID id) {
        (groupIds.contains(id) ? deletedGroups : deletedKids).add(id);
    }

    /** Renames an object at the source. */
    void rename(UUID kid, String name) {
        renamed.put(kid, name);
    }

    /** Changes an object's material at the source (a rotation in place): its kcv and value change. */
    void changeMaterial(UUID kid) {
        revisions.merge(kid, 1, Integer::sum);
    }

    /** The material export answers for an object now. */
    byte[] currentMaterial(UUID kid) {
        int revision = revisions.getOrDefault(kid, 0);
        return revision == 0 ? material(kid) : ("material of " + kid + " revision " + revision)
                .getBytes(StandardCharsets.UTF_8);
    }

    void groupPaging(GroupPaging paging) {
        this.groupPaging = paging;
    }

    /** The most items one answer holds, whatever limit is asked. */
    void maxPage(int items) {
        this.maxPage = items;
    }

    void keysWithMetadata(boolean enabled) {
        this.keysWithMetadata = enabled;
    }

    /** The list request with this query value (an offset or a continuation token) fails once with 503. */
    void failOnce(String cursor) {
        failOnce.add(cursor);
    }

    /** Still listed, but deleted by the time it is exported (404). */
    void goneAtExport(UUID kid) {
        goneAtExport.add(kid);
    }

    void refuseExport(UUID kid, int status) {
        (status == 403 ? forbiddenExports : invalidExports).add(kid);
    }

    /** Every answer but session/auth becomes a 500 with this body. */
    void answerErrors(String body) {
        this.errorBody = body;
    }

    /** Every answer but session/auth becomes a 200 with this body. */
    void answerOk(String body) {
        this.okBody = body;
    }

    /** Every list and export request waits until {@code release} opens (session/auth does not). */
    void holdRequests(CountDownLatch release) {
        this.held = release;
    }

    /**
     * The list request with this query value (as in {@link #failOnce}), or the export of
     * {@code "export " + kid}, counts {@code reached} down and is never answered: the stand-in is
     * stopped in the middle of that request.
     */
    void hangAt(String cursor, CountDownLatch reached) {
        this.hangReached = reached;
        this.hangAt = cursor;
    }

    /** Forgets every session, as DSM does when sessions expire. */
    void expireSessions() {
        tokens.clear();
    }

    List<UUID> groupIds() {
        return groupIds;
    }

    List<UUID> kids() {
        return kids;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int authentications() {
        return authentications.get();
    }

    /** The apps that authenticated successfully, in order. */
    List<UUID> authenticatedApps() {
        synchronized (authenticatedApps) {
            return List.copyOf(authenticatedApps);
        }
    }

    /** The material export answers for an object. */
    static byte[] material(UUID kid) {
        return ("material of " + kid).getBytes(StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        // A request stops counting as in flight once its answer is decided, before it is written:
        // the client may send its next request as soon as it has read the answer, before this
        // thread gets to run again, and that is not two requests at once.
        unanswered.add(exchange);
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(new Request(exchange.getRequestMethod(), path, query));
            byte[] body = exchange.getRequestBody().readAllBytes();
            route(exchange, exchange.getRequestMethod() + " " + path, query, body);
        } finally {
            answered(exchange);
        }
    }

    private void answered(HttpExchange exchange) {
        if (unanswered.remove(exchange)) {
            inFlight.decrementAndGet();
        }
    }

    private void route(HttpExchange exchange, String route, Map<String, String> query, byte[] body)
            throws IOException {
        if (route.equals("POST /sys/v1/session/auth")) {
            authenticate((HttpsExchange) exchange);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !tokens.contains(authorization.substring(7))) {
            text(exchange, 401, "Authentication required");
            return;
        }
        try {
            held.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (errorBody != null) {
            text(exchange, 500, errorBody.replace("{authorization}", authorization));
            return;
        }
        if (okBody != null) {
            send(exchange, 200, "application/json", okBody.getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (route) {
            case "GET /sys/v1/groups" -> listGroups(exchange, query);
            case "GET /crypto/v1/keys" -> listKeys(exchange, query);
            case "POST /crypto/v1/keys/export" -> export(exchange, body);
            default -> text(exchange, 404, "Not found");
        }
    }

    private void authenticate(HttpsExchange exchange) throws IOException {
        authentications.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        UUID appId = null;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                    StandardCharsets.UTF_8);
            if (decoded.endsWith(":")) {
                appId = UUID.fromString(decoded.substring(0, decoded.length() - 1));
            }
        } catch (RuntimeException e) {
            appId = null;
        }
        X509Certificate registered = appId == null ? null : apps.get(appId);
        if (registered == null) {
            text(exchange, 401, "Invalid app credentials");
            return;
        }
        Certificate presented = exchange.getSSLSession().getPeerCertificates()[0];
        if (!presented.equals(registered)) {
            text(exchange, 401, "Client certificate does not match the app's credential");
            return;
        }
        authenticatedApps.add(appId);
        String token = UUID.randomUUID() + "." + new SecureRandom().nextLong();
        tokens.add(token);
        ObjectNode answer = JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", 600)
                .put("access_token", token).put("entity_id", appId.toString());
        answer.putArray("allowed_mfa_methods");
        json(exchange, answer);
    }

    private void listGroups(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!GROUP_PARAMS.containsAll(query.keySet())) {
            text(exchange, 400, "Unknown query parameter");
            return;
        }
        String token = query.get("continuation_token");
        int offset = token != null && groupPaging == GroupPaging.CONTINUATION ? decodeToken(token)
                : Integer.parseInt(query.getOrDefault("offset", "0"));
        String cursor = token != null ? "groups token " + token : "groups offset " + offset;
        if (failOnce.remove(cursor)) {
            text(exchange, 503, "Service temporarily unavailable");
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (groupPaging == GroupPaging.EVERYTHING) {
            offset = 0;
            limit = Integer.MAX_VALUE;
        }
        List<UUID> live = live(groupIds, deletedGroups);
        int end = Math.min(live.size(), offset + Math.min(limit, maxPage));
        ArrayNode items = JSON.createArrayNode();
        for (int i = offset; i < end; i++) {
            items.add(group(groupIds.indexOf(live.get(i))));
        }
        if (token == null || groupPaging != GroupPaging.CONTINUATION) {
            json(exchange, items);
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode metadata = answer.putObject("metadata").put("count", live.size())
                .put("count_accuracy", "Exact");
        if (end < live.size()) {
            metadata.put("continuation_token", encodeToken(end));
        }
        answer.set("items", items);
        json(exchange, answer);
    }

    private void listKeys(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!KEY_PARAMS.containsAll(query.keySet()) || !"kid:asc".equals(query.get("sort"))) {
            text(exchange, 400, "Unknown query parameter or sort order");
            return;
        }
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        if (failOnce.remove("keys offset " + offset)) {
            text(exchange, 503, "Service temporarily unavailable");
            return;
        }
        if (("keys offset " + offset).equals(hangAt)) {
            hangReached.countDown();
            awaitClose();
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
        List<UUID> live = live(kids, deletedKids);
        int end = Math.min(live.size(), offset + Math.min(limit, maxPage));
        ArrayNode items = JSON.createArrayNode();
        for (int i = offset; i < end; i++) {
            items.add(key(kids.indexOf(live.get(i)), false));
        }
        if (!keysWithMetadata || !"true".equals(query.get("with_metadata"))) {
            json(exchange, items);
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("metadata").put("total_count", live.size()).put("filtered_count", live.size());
        answer.set("items", items);
        json(exchange, answer);
    }

    private void export(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        if (request.size() != 1 || !request.path("kid").isTextual()) {
            text(exchange, 400, "Invalid security object descriptor");
            return;
        }
        UUID kid = UUID.fromString(request.get("kid").textValue());
        if (("export " + kid).equals(hangAt)) {
            hangReached.countDown();
            awaitClose();
            return;
        }
        int index = kids.indexOf(kid);
        if (index < 0 || deletedKids.contains(kid) || goneAtExport.contains(kid)) {
            text(exchange, 404, "Security object not found");
        } else if (forbiddenExports.contains(kid)) {
            text(exchange, 403, "Operation not allowed: the security object is not exportable");
        } else if (invalidExports.contains(kid)) {
            text(exchange, 400, "Security object does not have EXPORT operation enabled");
        } else {
            json(exchange, key(index, true));
        }
    }

    /** A group in DSM's full shape. */
    private ObjectNode group(int index) {
        UUID groupId = groupIds.get(index);
        ObjectNode group = JSON.createObjectNode()
                .put("acct_id", foreignAccounts.getOrDefault(groupId, account).toString())
                .put("group_id", groupId.toString()).put("name", "group " + index)
                .put("created_at", "20260126T101500Z").put("description", "stand-in group " + index);
        group.putObject("creator").put("user", "0b9e0f0e-0000-4000-8000-000000000001");
        group.putObject("client_configurations").putObject("common").put("expert_mode", true);
        group.putObject("custom_metadata").put("site", "eu-" + index);
        group.putObject("approval_policy").put("protect_authentication_methods", false);
        group.putObject("key_history_policy").put("undo_time_window", 3600);
        group.put("hmg_sync", false);
        return group;
    }

    /** A security object in DSM's full shape; types rotate through some replikey does not support. */
    private ObjectNode key(int index, boolean withValue) {
        UUID kid = kids.get(index);
        ObjectNode key = JSON.createObjectNode().put("acct_id", foreignAccounts.getOrDefault(kid, account).toString())
                .put("kid", kid.toString())
                .put("name", renamed.getOrDefault(kid, "key " + index)).put("created_at", "20260126T101500Z")
                .put("lastused_at", "19700101T000000Z").put("activation_date", "20260126T101500Z")
                .put("compliant_with_policies", true).put("enabled", index % 7 != 0).put("origin", "FortanixHSM")
                .put("public_only", false).put("never_exportable", false).put("state", "Active")
                .put("group_id", groupIds.get(index % groupIds.size()).toString())
                .put("kcv", String.format("%06x", index + 0x10000 * revisions.getOrDefault(kid, 0))).put("description", "stand-in key " + index);
        key.putObject("creator").put("app", "0b9e0f0e-0000-4000-8000-000000000002");
        key.putObject("custom_metadata").put("owner", "team-" + (index % 5));
        key.putObject("links").put("replaced", UUID.nameUUIDFromBytes(kid.toString().getBytes(StandardCharsets.UTF_8))
                .toString());
        key.putObject("rotation_policy").put("interval_days", 90).put("effective_at", "20260126T101500Z");
        key.putObject("effective_key_policy").putArray("key_ops").add("EXPORT");
        ArrayNode ops = key.putArray("key_ops").add("ENCRYPT").add("DECRYPT").add("APPMANAGEABLE");
        switch (index % 5) {
            case 0 -> key.put("obj_type", "AES").put("key_size", 256).putObject("aes").put("cipher_mode", "GCM");
            case 1 -> {
                // AES-XTS: a 512-bit key for a mode replikey does not offer.
                key.put("obj_type", "AES").put("key_size", 512).putObject("aes").put("cipher_mode", "XTS");
            }
            case 2 -> key.put("obj_type", "DES3").put("key_size", 168).put("kcv_cmac", "0a1b2c3d4e");
            case 3 -> key.put("obj_type", "EC").put("elliptic_curve", "NistP256")
                    .put("pub_key", Base64.getEncoder().encodeToString(("public " + index).getBytes(
                            StandardCharsets.UTF_8)));
            default -> key.put("obj_type", "LEDABETA").put("key_size", 1024);
        }
        ops.add("EXPORT").add("HIGHVOLUME");
        if (withValue) {
            key.put("value", Base64.getEncoder().encodeToString(currentMaterial(kid)));
        }
        return key;
    }

    private static List<UUID> live(List<UUID> all, Set<UUID> deleted) {
        return all.stream().filter(id -> !deleted.contains(id)).toList();
    }

    private static List<UUID> sortedIds(String kind, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8)));
        }
        ids.sort((a, b) -> a.toString().compareTo(b.toString()));
        return List.copyOf(ids);
    }

    private static String encodeToken(int offset) {
        return Base64.getUrlEncoder().encodeToString(("after/" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        return Integer.parseInt(decoded.substring("after/".length()));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private void json(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        answered(exchange);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * A server context presenting {@code identity} and naming {@code issuers} as acceptable CAs;
     * it accepts a client certificate chain at the handshake when {@code accept} says so (the
     * stand-in accepts any, and matches apps at session/auth, as DSM does).
     */
    static SSLContext serverContext(TestPki.Identity identity, X509Certificate[] issuers,
            Predicate<X509Certificate[]> accept) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "stand-in".toCharArray();
        keys.setKeyEntry("server", identity.key(), password, identity.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        X509TrustManager anyClient = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !accept.test(chain)) {
                    throw new CertificateException("client certificate refused");
                }

            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return issuers.clone();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new TrustManager[] {anyClient}, null);
        return context;
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        closed.countDown();
        executor.shutdownNow();
    }

    /** The query parameters DSM documents for each path the connector may call. */
    static Map<String, Set<String>> documentedParameters() {
        Map<String, Set<String>> documented = new HashMap<>();
        documented.put("/sys/v1/groups", GROUP_PARAMS);
        documented.put("/crypto/v1/keys", KEY_PARAMS);
        documented.put("/sys/v1/session/auth", new HashSet<>());
        documented.put("/crypto/v1/keys/export", new HashSet<>());
        return documented;
    }
}
