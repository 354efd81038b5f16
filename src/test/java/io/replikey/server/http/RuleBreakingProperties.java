package io.replikey.server.http;

import static io.replikey.server.http.HostileInputFixture.APPS;
import static io.replikey.server.http.HostileInputFixture.CERTIFICATE;
import static io.replikey.server.http.HostileInputFixture.NODES;
import static io.replikey.server.http.HostileInputFixture.SCAN_HOURS;
import static io.replikey.server.http.HostileInputFixture.SOURCE_URL;
import static io.replikey.server.http.HostileInputFixture.accountPath;
import static io.replikey.server.http.HostileInputFixture.activeCert;
import static io.replikey.server.http.HostileInputFixture.activeId;
import static io.replikey.server.http.HostileInputFixture.appId;
import static io.replikey.server.http.HostileInputFixture.appSecret;
import static io.replikey.server.http.HostileInputFixture.assertStateUnchanged;
import static io.replikey.server.http.HostileInputFixture.assertStatus;
import static io.replikey.server.http.HostileInputFixture.b64;
import static io.replikey.server.http.HostileInputFixture.bearer;
import static io.replikey.server.http.HostileInputFixture.bytes;
import static io.replikey.server.http.HostileInputFixture.concat;
import static io.replikey.server.http.HostileInputFixture.credentialsPath;
import static io.replikey.server.http.HostileInputFixture.email;
import static io.replikey.server.http.HostileInputFixture.foreignAcctId;
import static io.replikey.server.http.HostileInputFixture.foreignAppId;
import static io.replikey.server.http.HostileInputFixture.foreignBearer;
import static io.replikey.server.http.HostileInputFixture.foreignUserId;
import static io.replikey.server.http.HostileInputFixture.obj;
import static io.replikey.server.http.HostileInputFixture.replicaId;
import static io.replikey.server.http.HostileInputFixture.replicationPurpose;
import static io.replikey.server.http.HostileInputFixture.send;
import static io.replikey.server.http.HostileInputFixture.spareId;
import static io.replikey.server.http.HostileInputFixture.standardId;
import static io.replikey.server.http.HostileInputFixture.terminatedToken;
import static io.replikey.server.http.HostileInputFixture.unselectedBearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replikey.client.DsmClient;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.server.http.HostileInputFixture.Request;
import io.replikey.testing.TestServer;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Valid-looking requests that break a rule of design.md §3–§4: scan intervals and URLs out of
 * bounds, an active credential on create, and a table of one request per rule with the status it
 * calls for. Fixture and checks: {@link HostileInputFixture}.
 */
@AddLifecycleHook(HostileInputFixture.class)
class RuleBreakingProperties {

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
        Request update = new Request("PATCH", accountPath(replicaId()),
                obj("purpose", replicationPurpose("AccountReplication", url, activeId(), hours)));
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

    /** Emails are compared after NFKC and case folding: upper-case and full-width forms of a taken email are taken. */
    @Property(tries = 40)
    void compatibilityFormsOfATakenEmailAreTaken(@ForAll("compatibilityForms") String variant) {
        Request signup = post("/sys/v1/users", obj("user_email", variant, "user_password", "another long password"));
        assertStatus(send(signup.method(), signup.path(), null, bytes(signup.body())), 409, signup);
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

    // ---------------------------------------------------------------- generators: rule breakers

    @Provide
    Arbitrary<String> credentialIds() {
        return Arbitraries.oneOf(Arbitraries.of(activeId(), spareId()),
                Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString()));
    }

    /** The fixture's email with each character kept, upper-cased, or replaced by its full-width form. */
    @Provide
    Arbitrary<String> compatibilityForms() {
        String email = email();
        return Arbitraries.integers().between(0, 2).list().ofSize(email.length()).map(choices -> {
            StringBuilder variant = new StringBuilder();
            for (int i = 0; i < email.length(); i++) {
                char c = email.charAt(i);
                switch (choices.get(i)) {
                    case 1 -> variant.append(Character.toUpperCase(c));
                    case 2 -> variant.append((char) (c + 0xFEE0)); // U+FF01..U+FF5E mirror ASCII 0x21..0x7E
                    default -> variant.append(c);
                }
            }
            return variant.toString();
        });
    }

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
            this(rule, request, bearer(), status);
        }

        @Override
        public String toString() {
            return rule + ": " + request + " → " + status;
        }
    }

    @Provide
    Arbitrary<RuleBreaker> ruleBreakingRequests() {
        String credentials = credentialsPath(replicaId());
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
                        patch(accountPath(standardId()), obj("purpose", replication)), 409),
                new RuleBreaker("replication account name is read-only",
                        patch(accountPath(replicaId()), obj("name", "renamed")), 409),
                new RuleBreaker("replication account description is read-only",
                        patch(accountPath(replicaId()), obj("description", "changed")), 409),
                new RuleBreaker("replication account cannot be disabled",
                        patch(accountPath(replicaId()), obj("enabled", false)), 409),
                new RuleBreaker("a bare credential cannot be active", patch(accountPath(replicaId()), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, spareId(), SCAN_HOURS))), 409),
                new RuleBreaker("an account id is not a credential", patch(accountPath(replicaId()), obj("purpose",
                        replicationPurpose("AccountReplication", SOURCE_URL, foreignAcctId().toString(), SCAN_HOURS))),
                        400),
                new RuleBreaker("the active credential cannot be deleted",
                        new Request("DELETE", credentials + "/" + activeId(), null), 409),
                new RuleBreaker("at most two credentials", post(credentials, obj("$type", CERTIFICATE)), 409),
                new RuleBreaker("credentials only in replication accounts",
                        post(credentialsPath(standardId()), obj("$type", CERTIFICATE)), 400),
                new RuleBreaker("no credentials listed in a Standard account",
                        new Request("GET", credentialsPath(standardId()), null), 400),
                new RuleBreaker("a credential under the wrong account",
                        new Request("GET", credentialsPath(standardId()) + "/" + activeId(), null), 400),
                new RuleBreaker("unknown key type",
                        post(credentials, obj("$type", CERTIFICATE, "key_type", "rsa-1024")), 400),
                new RuleBreaker("credential create without $type", post(credentials, obj()), 400),
                new RuleBreaker("credential PATCH without $type",
                        patch(credentials + "/" + spareId(), obj("app_id", UUID.randomUUID().toString())), 400),
                new RuleBreaker("certificate_chain without certificates",
                        patch(credentials + "/" + spareId(), obj("$type", CERTIFICATE, "certificate_chain", List.of())),
                        400),
                new RuleBreaker("certificate_chain of null", patch(credentials + "/" + spareId(),
                        obj("$type", CERTIFICATE, "certificate_chain", NODES.arrayNode().addNull())), 400),
                new RuleBreaker("another user's account is not found",
                        new Request("GET", accountPath(foreignAcctId()), null), 404),
                new RuleBreaker("another user's account cannot be changed",
                        patch(accountPath(foreignAcctId()), obj("name", "stolen")), 404),
                new RuleBreaker("another user's account cannot be deleted",
                        new Request("DELETE", accountPath(foreignAcctId()), null), 404),
                new RuleBreaker("another user's account cannot be selected",
                        post("/sys/v1/session/select_account", obj("acct_id", foreignAcctId().toString())), 404),
                new RuleBreaker("another user's record is not found",
                        new Request("GET", "/sys/v1/users/" + foreignUserId(), null), 404),
                new RuleBreaker("the other user cannot read this user's account",
                        new Request("GET", accountPath(replicaId()), null), foreignBearer(), 404),
                new RuleBreaker("the other user cannot delete this user's credential",
                        new Request("DELETE", credentials + "/" + spareId(), null), foreignBearer(), 404),
                new RuleBreaker("apps live in a selected account",
                        new Request("GET", APPS, null), unselectedBearer(), 403),
                new RuleBreaker("an app name is unique in its account", post(APPS, obj("name", "fixture app")), 409),
                new RuleBreaker("an app without a name", post(APPS, obj("role", "crypto")), 400),
                new RuleBreaker("an app name of two lines", post(APPS, obj("name", "two\nlines")), 400),
                new RuleBreaker("an unsupported DSM field is refused by name", post(APPS, obj("name", "n",
                        "ip_address_policy", obj("only", List.of("10.0.0.0/8")))), 400),
                new RuleBreaker("an unsupported credential is refused by name", post(APPS, obj("name", "n",
                        "credential", obj("ldap", obj()))), 400),
                new RuleBreaker("trusted-CA credentials are not supported", post(APPS, obj("name", "n",
                        "credential", obj("trustedca", obj("subject", List.of(List.of("2.5.4.3", "ca")),
                                "ca_certificate", b64(activeCert()))))), 400),
                new RuleBreaker("an API key under 256 bits", post(APPS, obj("name", "n",
                        "credential", obj("secret", obj("size", 31)))), 400),
                new RuleBreaker("secret_size under 256 bits", post(APPS, obj("name", "n", "secret_size", 16)), 400),
                new RuleBreaker("an API key over the size limit", post(APPS, obj("name", "n",
                        "credential", obj("secret", obj("size", 1L << 32)))), 400),
                new RuleBreaker("a new app has no existing secret to give", post(APPS, obj("name", "n",
                        "credential", obj("secret", "chosen by the client"))), 400),
                new RuleBreaker("PATCH with a secret that is not the app's", patch(APPS + "/" + appId(),
                        obj("credential", obj("secret", appSecret() + "x"))), 400),
                new RuleBreaker("a credential of two kinds", post(APPS, obj("name", "n",
                        "credential", obj("secret", obj(), "certificate", b64(activeCert())))), 400),
                new RuleBreaker("an empty credential", post(APPS, obj("name", "n", "credential", obj())), 400),
                new RuleBreaker("a certificate that is not DER", post(APPS, obj("name", "n",
                        "credential", obj("certificate", b64(concat(activeCert(), new byte[] {0}))))), 400),
                new RuleBreaker("an unimplemented app permission", post(APPS, obj("name", "n",
                        "add_groups", obj(UUID.randomUUID().toString(), List.of("WRAPKEY")))), 400),
                new RuleBreaker("add_groups naming no group", post(APPS, obj("name", "n",
                        "add_groups", obj(UUID.randomUUID().toString(), List.of("SIGN")))), 404),
                new RuleBreaker("del_groups naming no group", patch(APPS + "/" + appId(),
                        obj("del_groups", List.of(UUID.randomUUID().toString()))), 404),
                new RuleBreaker("default_group naming no group", patch(APPS + "/" + appId(),
                        obj("default_group", UUID.randomUUID().toString())), 404),
                new RuleBreaker("mod_groups on create", post(APPS, obj("name", "n", "mod_groups", obj())), 400),
                new RuleBreaker("reset_secret without a body",
                        new Request("POST", APPS + "/" + appId() + "/reset_secret", null), 400),
                new RuleBreaker("another account's app is not found",
                        new Request("GET", APPS + "/" + foreignAppId(), null), 404),
                new RuleBreaker("another account's app cannot be changed",
                        patch(APPS + "/" + foreignAppId(), obj("name", "stolen")), 404),
                new RuleBreaker("another account's app cannot be deleted",
                        new Request("DELETE", APPS + "/" + foreignAppId(), null), 404),
                new RuleBreaker("another account's app keeps its credential",
                        new Request("GET", APPS + "/" + foreignAppId() + "/credential", null), 404),
                new RuleBreaker("another account's app keeps its secret",
                        post(APPS + "/" + foreignAppId() + "/reset_secret", obj()), 404),
                new RuleBreaker("the other user cannot read this user's app",
                        new Request("GET", APPS + "/" + appId(), null), foreignBearer(), 404),
                new RuleBreaker("a terminated session is over",
                        new Request("GET", "/sys/v1/accounts", null), DsmClient.bearer(terminatedToken()), 401),
                new RuleBreaker("sign-up with a taken email", post("/sys/v1/users",
                        obj("user_email", email().toUpperCase(Locale.ROOT), "user_password", "another long password")),
                        null, 409),
                new RuleBreaker("sign-up with an invalid email", post("/sys/v1/users",
                        obj("user_email", "not-an-email", "user_password", "a long enough password")), null, 400),
                new RuleBreaker("sign-up with a short password", post("/sys/v1/users",
                        obj("user_email", "short-" + UUID.randomUUID() + "@example.com", "user_password", "short")),
                        null, 400),
                new RuleBreaker("only Bearer tokens", post("/sys/v1/session/auth", obj("token_type", "Cookie")),
                        DsmClient.basic(email(), TestServer.PASSWORD), 400),
                // Refused by Javalin or Jetty before any handler runs: still short text/plain answers.
                new RuleBreaker("no such method", new Request("PUT", "/sys/v1/accounts", obj("name", "put")), 405),
                new RuleBreaker("no such endpoint", new Request("GET", "/sys/v1/nothing", null), 404),
                new RuleBreaker("URI too long", new Request("GET", accountPath(replicaId()) + "/" + "a".repeat(10_000),
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
}
