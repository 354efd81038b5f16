package io.replikey.server.http;

import static io.replikey.server.http.HostileInputFixture.CERTIFICATE;
import static io.replikey.server.http.HostileInputFixture.NODES;
import static io.replikey.server.http.HostileInputFixture.SCAN_HOURS;
import static io.replikey.server.http.HostileInputFixture.SOURCE_URL;
import static io.replikey.server.http.HostileInputFixture.accountPath;
import static io.replikey.server.http.HostileInputFixture.activeId;
import static io.replikey.server.http.HostileInputFixture.appId;
import static io.replikey.server.http.HostileInputFixture.assertClientError;
import static io.replikey.server.http.HostileInputFixture.assertStateUnchanged;
import static io.replikey.server.http.HostileInputFixture.assertStatus;
import static io.replikey.server.http.HostileInputFixture.b64;
import static io.replikey.server.http.HostileInputFixture.credentialsPath;
import static io.replikey.server.http.HostileInputFixture.groupId;
import static io.replikey.server.http.HostileInputFixture.foreignAcctId;
import static io.replikey.server.http.HostileInputFixture.foreignUserId;
import static io.replikey.server.http.HostileInputFixture.obj;
import static io.replikey.server.http.HostileInputFixture.replicaId;
import static io.replikey.server.http.HostileInputFixture.rsaKid;
import static io.replikey.server.http.HostileInputFixture.replicationPurpose;
import static io.replikey.server.http.HostileInputFixture.send;
import static io.replikey.server.http.HostileInputFixture.spareId;
import static io.replikey.server.http.HostileInputFixture.standardId;
import static io.replikey.server.http.HostileInputFixture.userId;
import static io.replikey.server.http.HostileInputFixture.valueOfKind;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.server.http.HostileInputFixture.Kind;
import io.replikey.server.http.HostileInputFixture.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Ids the server must refuse or not find: malformed ids in every path parameter and id-holding body
 * field, and well-formed ids of nothing the caller may see (the other user's among them). Fixture
 * and checks: {@link HostileInputFixture}.
 */
@AddLifecycleHook(HostileInputFixture.class)
class HostileIdentifierProperties {
    /** Canonical JSON (DSM ids), written independently of the server's own check. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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

    // ---------------------------------------------------------------- requests

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
            new String[] {"POST", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}/self_sign"},
            new String[] {"POST", "/sys/v1/accounts/{acct_id}/replication/credentials/{credential_id}/test"},
            new String[] {"GET", "/sys/v1/accounts/{acct_id}/replication/recent_scan_summary"},
            new String[] {"POST", "/sys/v1/accounts/{acct_id}/replication/scan"},
            new String[] {"GET", "/sys/v1/accounts/{acct_id}/replication/scans"},
            new String[] {"GET", "/sys/v1/apps/{app_id}"},
            new String[] {"PATCH", "/sys/v1/apps/{app_id}"},
            new String[] {"DELETE", "/sys/v1/apps/{app_id}"},
            new String[] {"GET", "/sys/v1/apps/{app_id}/credential"},
            new String[] {"POST", "/sys/v1/apps/{app_id}/reset_secret"},
            new String[] {"GET", "/sys/v1/groups/{group_id}"},
            new String[] {"PATCH", "/sys/v1/groups/{group_id}"},
            new String[] {"DELETE", "/sys/v1/groups/{group_id}"},
            new String[] {"GET", "/crypto/v1/keys/{key_id}"},
            new String[] {"PATCH", "/crypto/v1/keys/{key_id}"},
            new String[] {"DELETE", "/crypto/v1/keys/{key_id}"},
            new String[] {"POST", "/crypto/v1/keys/{key_id}/export"},
            new String[] {"POST", "/crypto/v1/keys/{key_id}/encrypt"},
            new String[] {"POST", "/crypto/v1/keys/{key_id}/verify"});

    /**
     * Each route once per path parameter, with {@code id} (percent-encoded) in that position and
     * real ids elsewhere, and a body that would be accepted, so the id is the only fault.
     */
    private static List<Request> withIdInEveryPathPosition(String id) {
        List<Request> requests = new ArrayList<>();
        Map<String, String> real = Map.of("{user_id}", userId().toString(), "{acct_id}", replicaId().toString(),
                "{credential_id}", spareId(), "{app_id}", appId().toString(), "{group_id}", groupId(),
                "{key_id}", rsaKid());
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
        if (template.endsWith("/encrypt")) {
            return obj("alg", "RSA", "plain", b64(new byte[5]));
        }
        if (template.endsWith("/verify")) {
            return obj("hash_alg", "SHA256", "data", b64(new byte[5]), "signature", b64(new byte[256]));
        }
        if (template.endsWith("/self_sign") || template.endsWith("/reset_secret")) {
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
        String credentials = credentialsPath(replicaId());
        List<Request> requests = new ArrayList<>(List.of(
                new Request("PATCH", accountPath(replicaId()), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, id, SCAN_HOURS))),
                new Request("POST", "/sys/v1/session/select_account", obj("acct_id", id))));
        if (includeAppId) { // any well-formed app_id is a valid one
            requests.add(new Request("PATCH", credentials + "/" + activeId(), obj("$type", CERTIFICATE, "app_id", id)));
            requests.add(new Request("PATCH", credentials + "/" + spareId(), obj("$type", CERTIFICATE, "app_id", id)));
        }
        return requests;
    }

    // ---------------------------------------------------------------- generators: ids

    /** Strings that are not a UUID in canonical 8-4-4-4-12 form; many are near misses of real ids. */
    @Provide
    Arbitrary<String> malformedUuids() {
        Arbitrary<String> real = Arbitraries.of(activeId(), spareId(), replicaId().toString(),
                standardId().toString(), userId().toString(), appId().toString());
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
                Arbitraries.of(activeId(), replicaId().toString()).map(id -> (JsonNode) NODES.arrayNode().add(id)),
                Arbitraries.of(activeId(), replicaId().toString())
                        .map(id -> (JsonNode) NODES.objectNode().put("id", id)));
    }

    /** Well-formed ids that name nothing the caller can reach (the other user's are among them). */
    @Provide
    Arbitrary<String> unknownUuids() {
        Arbitrary<String> random = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        return Arbitraries.oneOf(random, random.map(s -> s.toUpperCase(Locale.ROOT)),
                Arbitraries.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                        foreignAcctId().toString(), foreignUserId().toString()));
    }

    // ---------------------------------------------------------------- small helpers

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
}
