package io.replikey.server.http;

import static io.replikey.server.http.HostileInputFixture.APPS;
import static io.replikey.server.http.HostileInputFixture.CERTIFICATE;
import static io.replikey.server.http.HostileInputFixture.accountPath;
import static io.replikey.server.http.HostileInputFixture.activeId;
import static io.replikey.server.http.HostileInputFixture.appId;
import static io.replikey.server.http.HostileInputFixture.appSecret;
import static io.replikey.server.http.HostileInputFixture.aesKid;
import static io.replikey.server.http.HostileInputFixture.assertStateUnchanged;
import static io.replikey.server.http.HostileInputFixture.assertStatus;
import static io.replikey.server.http.HostileInputFixture.b64;
import static io.replikey.server.http.HostileInputFixture.bodyTargets;
import static io.replikey.server.http.HostileInputFixture.bytes;
import static io.replikey.server.http.HostileInputFixture.credentialsPath;
import static io.replikey.server.http.HostileInputFixture.foreignAppId;
import static io.replikey.server.http.HostileInputFixture.groupId;
import static io.replikey.server.http.HostileInputFixture.obj;
import static io.replikey.server.http.HostileInputFixture.replicaId;
import static io.replikey.server.http.HostileInputFixture.rsaKid;
import static io.replikey.server.http.HostileInputFixture.send;
import static io.replikey.server.http.HostileInputFixture.sendChunked;
import static io.replikey.server.http.HostileInputFixture.spareId;
import static io.replikey.server.http.HostileInputFixture.standardId;
import static io.replikey.server.http.HostileInputFixture.terminatedToken;
import static io.replikey.server.http.HostileInputFixture.token;
import static io.replikey.server.http.HostileInputFixture.userId;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.replikey.client.DsmClient;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.http.HostileInputFixture.Header;
import io.replikey.server.http.HostileInputFixture.Request;
import io.replikey.server.http.HostileInputFixture.Target;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * What wraps an otherwise acceptable request: a body over the size limit, and an Authorization
 * header that is missing, garbage or no longer valid. Fixture and checks: {@link
 * HostileInputFixture}.
 */
@AddLifecycleHook(HostileInputFixture.class)
class SizeAndAuthorizationProperties {

    // ---------------------------------------------------------------- oversize bodies

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

    private static byte[] padded(byte[] json, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    // ---------------------------------------------------------------- wrong credentials

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

    /** Every authenticated route, each with a body that would succeed with the right credentials. */
    private static List<Request> authenticatedRequests() {
        String credentials = credentialsPath(replicaId());
        return List.of(
                new Request("POST", "/sys/v1/session/auth", obj()),
                new Request("GET", "/sys/v1/users/" + userId(), null),
                new Request("POST", "/sys/v1/session/select_account", obj("acct_id", replicaId().toString())),
                new Request("POST", "/sys/v1/session/refresh", null),
                new Request("POST", "/sys/v1/session/terminate", null),
                new Request("POST", "/sys/v1/accounts", obj("name", "sneaked in")),
                new Request("GET", "/sys/v1/accounts", null),
                new Request("GET", accountPath(standardId()), null),
                new Request("PATCH", accountPath(standardId()), obj("description", "sneaked in")),
                new Request("PATCH", accountPath(replicaId()), obj("purpose", obj("$type", "Standard"))),
                new Request("DELETE", accountPath(standardId()), null),
                new Request("GET", credentials, null),
                new Request("POST", credentials, obj("$type", CERTIFICATE)),
                new Request("GET", credentials + "/" + spareId(), null),
                new Request("PATCH", credentials + "/" + spareId(), obj("$type", CERTIFICATE,
                        "app_id", UUID.randomUUID().toString())),
                new Request("DELETE", credentials + "/" + spareId(), null),
                new Request("POST", credentials + "/" + spareId() + "/self_sign", obj()),
                new Request("POST", credentials + "/" + activeId() + "/test", null),
                new Request("GET", accountPath(replicaId()) + "/replication/recent_scan_summary", null),
                new Request("POST", accountPath(replicaId()) + "/replication/scan", null),
                new Request("GET", accountPath(replicaId()) + "/replication/scans", null),
                new Request("POST", APPS, obj("name", "sneaked in")),
                new Request("GET", APPS, null),
                new Request("GET", APPS + "/" + appId(), null),
                new Request("PATCH", APPS + "/" + appId(), obj("description", "sneaked in")),
                new Request("DELETE", APPS + "/" + appId(), null),
                new Request("GET", APPS + "/" + appId() + "/credential", null),
                new Request("POST", APPS + "/" + appId() + "/reset_secret", obj()),
                new Request("POST", "/sys/v1/groups", obj("name", "sneaked in")),
                new Request("GET", "/sys/v1/groups", null),
                new Request("GET", "/sys/v1/groups/" + groupId(), null),
                new Request("PATCH", "/sys/v1/groups/" + groupId(), obj("description", "sneaked in")),
                new Request("DELETE", "/sys/v1/groups/" + groupId(), null),
                new Request("POST", "/crypto/v1/keys", obj("name", "sneaked in", "group_id", groupId(),
                        "obj_type", "AES", "key_size", 128)),
                new Request("PUT", "/crypto/v1/keys", obj("name", "sneaked in", "group_id", groupId(),
                        "obj_type", "SECRET", "value", b64(new byte[8]))),
                new Request("GET", "/crypto/v1/keys", null),
                new Request("POST", "/crypto/v1/keys/info", obj("kid", aesKid())),
                new Request("GET", "/crypto/v1/keys/" + aesKid(), null),
                new Request("PATCH", "/crypto/v1/keys/" + aesKid(), obj("description", "sneaked in")),
                new Request("DELETE", "/crypto/v1/keys/" + rsaKid(), null),
                new Request("POST", "/crypto/v1/keys/export", obj("kid", aesKid())),
                new Request("POST", "/crypto/v1/encrypt", obj("key", obj("kid", aesKid()), "alg", "AES",
                        "mode", "GCM", "plain", b64(new byte[4]))),
                new Request("POST", "/crypto/v1/sign", obj("key", obj("kid", rsaKid()), "hash_alg", "SHA256",
                        "data", b64(new byte[4]))),
                new Request("POST", "/crypto/v1/keys/" + rsaKid() + "/sign", obj("hash_alg", "SHA256",
                        "data", b64(new byte[4]))));
    }

    // ---------------------------------------------------------------- generators: authorization

    @Provide
    Arbitrary<Header> hostileAuthorization() {
        String token = token();
        Arbitrary<String> printable = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(120);
        Arbitrary<String> scheme = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ",
                "Bearer\t", "Basic ", "basic ", "Token ", "Digest ", "");
        Arbitrary<String> user = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> s + "@example.org");
        Arbitrary<String> values = Arbitraries.oneOf(
                Combinators.combine(scheme, printable).as(String::concat),
                mutatedToken().map(DsmClient::bearer),
                Arbitraries.of(token, "Basic " + token, DsmClient.bearer(terminatedToken()), "Bearer " + token + " x",
                        "Bearer " + b64(token.getBytes(UTF_8)), DsmClient.basic(token, "")),
                Combinators.combine(user, printable).as(DsmClient::basic),
                printable.map(s -> "Basic " + b64(s.getBytes(UTF_8))),
                appCredentials());
        return Arbitraries.oneOf(Arbitraries.just(new Header(null)), values.map(Header::new));
    }

    /**
     * An app's Basic credentials gone wrong: its id with the secret altered, cut or empty (which
     * asks for a client certificate this client does not have), another id with its secret. (An
     * app id in upper case is the same id, as everywhere in the API.)
     */
    private static Arbitrary<String> appCredentials() {
        String app = appId().toString();
        String secret = appSecret();
        Arbitrary<String> wrongSecret = Arbitraries.oneOf(
                Arbitraries.integers().between(0, secret.length() - 1).map(n -> secret.substring(0, n)),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8).map(secret::concat),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60));
        return Arbitraries.oneOf(
                wrongSecret.filter(s -> !s.equals(secret)).map(s -> DsmClient.basic(app, s)),
                Arbitraries.longs().tuple2().map(t -> DsmClient.basic(new UUID(t.get1(), t.get2()).toString(), secret)),
                Arbitraries.of(DsmClient.basic(foreignAppId().toString(), secret), DsmClient.basic(app, "")));
    }

    /** The fixture's real token with a part cut off, added or changed. */
    private static Arbitrary<String> mutatedToken() {
        String token = token();
        Arbitrary<Character> printable = Arbitraries.chars().range('!', '~');
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, token.length() - 1).map(n -> token.substring(0, n)),
                Arbitraries.integers().between(1, token.length() - 1).map(token::substring),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8).map(token::concat),
                Combinators.combine(Arbitraries.integers().between(0, token.length() - 1), printable)
                        .as((i, c) -> token.substring(0, i) + c + token.substring(i + 1)))
                .filter(t -> !t.equals(token));
    }
}
