package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.client.DsmClient.Exchange;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.testing.DsmContract;
import io.replikey.testing.RawDatabase;
import io.replikey.testing.TestServer;
import io.replikey.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps end to end over real HTTPS (issue 6, item 1): an app registered with a certificate made by
 * replikey's own {@code self_sign} authenticates with it over mutual TLS, holding the credential's
 * private key taken from the database and unsealed here with the master key (never through the
 * API); every other certificate case answers 401; API keys work directly and through sessions and
 * a reset secret stops the old one at once; apps of another account answer as missing; a crypto
 * app cannot manage apps. Every 2xx answer is validated against the DSM OpenAPI text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppAuthenticationTest {
    private static final DsmContract CONTRACT = DsmContract.get();
    private static final String APPS = "/sys/v1/apps";

    private TestServer server;
    private DsmClient anonymous;
    private String owner;
    private UUID sourceAcctId;
    private UUID replicationAppId;
    private DsmClient replicationTls;
    private String foreignOwner;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = TestServer.start(dataDir);
        anonymous = server.client();
        owner = DsmClient.bearer(server.newUser().token());
        sourceAcctId = accountSelectedBy(owner, "source");

        // The destination's side of design.md §1: a credential and its self-signed certificate.
        UUID replicaId = server.newReplicationAccount(owner.substring("Bearer ".length()));
        String credentialId = anonymous.createReplicationCredential(owner.substring("Bearer ".length()), replicaId,
                null).credentialId();
        byte[] selfSigned = anonymous.replicationCredentialSelfSignedCert(owner.substring("Bearer ".length()),
                replicaId, credentialId);

        // The source's side: an admin app whose credential is that certificate.
        replicationAppId = createApp(owner, "replication", "admin", Map.of("certificate", b64(selfSigned)));

        KeySealer sealer = KeySealer.of(MasterKey.loadOrCreate(dataDir.resolve("master.key")));
        byte[] pkcs8 = sealer.open(RawDatabase.sqlite(dataDir).sealedPrivateKeyOf(UUID.fromString(credentialId)),
                SealingContext.credentialKey(replicaId, UUID.fromString(credentialId)));
        PrivateKey key = CredentialKeys.decodePrivate(CredentialKeyType.EC_P256, pkcs8);
        replicationTls = presenting(key, selfSigned);

        foreignOwner = DsmClient.bearer(server.newUser().token());
        accountSelectedBy(foreignOwner, "foreign");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ client certificates

    @Test
    void aSelfSignedReplicationCertificateOpensASessionAndTheBearerTokenAloneThenWorks() {
        JsonNode session = contractOk(replicationTls, "POST", "/sys/v1/session/auth", basic(replicationAppId, ""),
                null);
        assertThat(session.get("entity_id").asText()).isEqualTo(replicationAppId.toString());
        String bearer = DsmClient.bearer(session.get("access_token").asText());

        // Later calls may use the Bearer token alone, on a connection without a certificate.
        JsonNode app = contractOk(anonymous, "GET", APPS + "/" + replicationAppId, bearer, null);
        assertThat(app.get("acct_id").asText()).isEqualTo(sourceAcctId.toString());
        assertThat(app.get("cert_not_after").asText()).isEqualTo("99991231T235959Z");
        assertThat(app.at("/auth_type").asText()).isEqualTo("Certificate");
        assertThat(app.get("lastused_at").asText()).matches("\\d{8}T\\d{6}Z");
    }

    @Test
    void theCertificateAloneAuthenticatesDirectlyAndAtSessionAuth() {
        assertThat(contractOk(replicationTls, "POST", "/sys/v1/session/auth", null, null).get("entity_id").asText())
                .isEqualTo(replicationAppId.toString());
        JsonNode listed = contractOk(replicationTls, "GET", APPS, null, null);
        assertThat(listed.findValuesAsText("app_id")).contains(replicationAppId.toString());
        contractOk(replicationTls, "GET", APPS + "/" + replicationAppId, basic(replicationAppId, ""), null);
    }

    @Test
    void aMissingCertificateIs401() {
        assertStatus(send(anonymous, "POST", "/sys/v1/session/auth", basic(replicationAppId, ""), null), 401);
        assertStatus(send(anonymous, "GET", APPS, basic(replicationAppId, ""), null), 401);
    }

    @Test
    void aDifferentCertificateIs401() throws Exception {
        DsmClient stranger = presentingFreshCertificate(Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        assertStatus(send(stranger, "POST", "/sys/v1/session/auth", basic(replicationAppId, ""), null), 401);
        assertStatus(send(stranger, "POST", "/sys/v1/session/auth", null, null), 401);
        assertStatus(send(stranger, "GET", APPS, null, null), 401);
    }

    @Test
    void aCertificateOfAnotherAppOrAnotherAccountIs401() throws Exception {
        KeyPair pair = ecPair();
        byte[] der = selfSigned(pair);
        UUID sibling = createApp(owner, "sibling-" + UUID.randomUUID(), "admin", Map.of("certificate", b64(der)));
        UUID foreign = createApp(foreignOwner, "foreign-" + UUID.randomUUID(), "admin",
                Map.of("certificate", b64(der)));
        DsmClient holder = presenting(pair.getPrivate(), der);
        // The certificate works for each app it is registered to, and for no other.
        contractOk(holder, "POST", "/sys/v1/session/auth", basic(sibling, ""), null);
        contractOk(holder, "POST", "/sys/v1/session/auth", basic(foreign, ""), null);
        assertStatus(send(holder, "POST", "/sys/v1/session/auth", basic(replicationAppId, ""), null), 401);
        assertStatus(send(holder, "GET", APPS + "/" + replicationAppId, basic(replicationAppId, ""), null), 401);
        // Registered twice, the certificate alone names no single app.
        assertStatus(send(holder, "POST", "/sys/v1/session/auth", null, null), 401);
    }

    @Test
    void aDisabledAppIs401AndItsSessionsEnd() throws Exception {
        KeyPair pair = ecPair();
        byte[] der = selfSigned(pair);
        UUID appId = createApp(owner, "to-disable-" + UUID.randomUUID(), "admin", Map.of("certificate", b64(der)));
        DsmClient holder = presenting(pair.getPrivate(), der);
        String bearer = DsmClient.bearer(contractOk(holder, "POST", "/sys/v1/session/auth", basic(appId, ""), null)
                .get("access_token").asText());
        contractOk(anonymous, "GET", APPS, bearer, null);

        JsonNode disabled = contractOk(anonymous, "PATCH", APPS + "/" + appId, owner, Map.of("enabled", false));
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertStatus(send(holder, "POST", "/sys/v1/session/auth", basic(appId, ""), null), 401);
        assertStatus(send(holder, "GET", APPS, basic(appId, ""), null), 401);
        assertStatus(send(anonymous, "GET", APPS, bearer, null), 401);
    }

    @Test
    void aCertificateOutsideItsValidityPeriodIs401() throws Exception {
        Instant now = Instant.now();
        for (Instant[] period : List.of(new Instant[] {now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))},
                new Instant[] {now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))})) {
            KeyPair pair = ecPair();
            byte[] der = certificate(pair, period[0], period[1]);
            UUID appId = createApp(owner, "dated-" + UUID.randomUUID(), "admin", Map.of("certificate", b64(der)));
            DsmClient holder = presenting(pair.getPrivate(), der);
            assertStatus(send(holder, "POST", "/sys/v1/session/auth", basic(appId, ""), null), 401);
            assertStatus(send(holder, "GET", APPS, basic(appId, ""), null), 401);
        }
    }

    // ------------------------------------------------------------------ API keys

    @Test
    void anApiKeyWorksDirectlyAndThroughASessionAndAResetStopsTheOldOneAtOnce() {
        UUID appId = createApp(owner, "api-key-" + UUID.randomUUID(), "admin", Map.of("secret", Map.of()));
        String secret = secretOf(appId);
        assertThat(Base64.getUrlDecoder().decode(secret)).as("at least 256 random bits").hasSizeGreaterThanOrEqualTo(32);

        contractOk(anonymous, "GET", APPS + "/" + appId, basic(appId, secret), null);
        String bearer = DsmClient.bearer(contractOk(anonymous, "POST", "/sys/v1/session/auth", basic(appId, secret),
                null).get("access_token").asText());
        contractOk(anonymous, "GET", APPS, bearer, null);
        assertStatus(send(anonymous, "GET", APPS, basic(appId, secret + "x"), null), 401);
        assertStatus(send(anonymous, "POST", "/sys/v1/session/auth", basic(appId, "wrong"), null), 401);

        JsonNode reset = contractOk(anonymous, "POST", APPS + "/" + appId + "/reset_secret", owner, Map.of());
        assertThat(reset.get("app_id").asText()).isEqualTo(appId.toString());
        String newSecret = secretOf(appId);
        assertThat(newSecret).isNotEqualTo(secret);
        assertStatus(send(anonymous, "GET", APPS, basic(appId, secret), null), 401);
        assertStatus(send(anonymous, "POST", "/sys/v1/session/auth", basic(appId, secret), null), 401);
        assertStatus(send(anonymous, "GET", APPS, bearer, null), 401);
        contractOk(anonymous, "GET", APPS, basic(appId, newSecret), null);
    }

    @Test
    void aGeneratedSecretHasTheAskedSizeAndIsStoredOnlySealed() {
        UUID appId = createApp(owner, "sized-" + UUID.randomUUID(), "crypto", Map.of("secret", Map.of("size", 48)));
        String secret = secretOf(appId);
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(48);
        assertThat(new String(RawDatabase.sqlite(server.dataDir()).allFilesExceptMasterKey(), StandardCharsets.ISO_8859_1))
                .as("the API key in any data file").doesNotContain(secret);
        assertStatus(send(anonymous, "POST", APPS, owner, Map.of("name", "small-" + UUID.randomUUID(),
                "credential", Map.of("secret", Map.of("size", 16)))), 400);
    }

    // ------------------------------------------------------------------ permissions and isolation

    @Test
    void anotherAccountsAppAnswersAsMissing() {
        UUID appId = createApp(owner, "isolated-" + UUID.randomUUID(), "crypto", null);
        String path = APPS + "/" + appId;
        assertStatus(send(anonymous, "GET", path, foreignOwner, null), 404);
        assertStatus(send(anonymous, "PATCH", path, foreignOwner, Map.of("description", "taken")), 404);
        assertStatus(send(anonymous, "GET", path + "/credential", foreignOwner, null), 404);
        assertStatus(send(anonymous, "POST", path + "/reset_secret", foreignOwner, Map.of()), 404);
        assertStatus(send(anonymous, "DELETE", path, foreignOwner, null), 404);
        assertThat(contractOk(anonymous, "GET", APPS, foreignOwner, null).findValuesAsText("app_id"))
                .doesNotContain(appId.toString());
        assertThat(contractOk(anonymous, "GET", path, owner, null).get("app_id").asText())
                .as("untouched for its own account").isEqualTo(appId.toString());
        // A missing app and a bad id.
        assertStatus(send(anonymous, "GET", APPS + "/" + UUID.randomUUID(), owner, null), 404);
        assertStatus(send(anonymous, "GET", APPS + "/not-a-uuid", owner, null), 400);
    }

    @Test
    void aCryptoAppCannotManageApps() {
        UUID crypto = createApp(owner, "crypto-" + UUID.randomUUID(), "crypto", null);
        String key = basic(crypto, secretOf(crypto));
        assertStatus(send(anonymous, "GET", APPS, key, null), 403);
        assertStatus(send(anonymous, "POST", APPS, key, Map.of("name", "by-crypto-" + UUID.randomUUID())), 403);
        assertStatus(send(anonymous, "GET", APPS + "/" + crypto + "/credential", key, null), 403);
        assertStatus(send(anonymous, "POST", APPS + "/" + crypto + "/reset_secret", key, Map.of()), 403);
        assertStatus(send(anonymous, "PATCH", APPS + "/" + crypto, key, Map.of("role", "admin")), 403);
        assertStatus(send(anonymous, "DELETE", APPS + "/" + crypto, key, null), 403);
        // Apps cannot reach the user-only routes either.
        assertStatus(send(anonymous, "GET", "/sys/v1/accounts", key, null), 403);
    }

    @Test
    void anAdminAppManagesAppsAndTheWholeLifecycleMatchesTheContract() {
        UUID admin = createApp(owner, "admin-" + UUID.randomUUID(), "admin", null);
        String key = basic(admin, secretOf(admin));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "made-by-admin-app-" + UUID.randomUUID());
        body.put("description", "first");
        body.put("app_type", "Custom");
        body.put("interface", "JCE");
        body.put("role", "crypto");
        JsonNode created = contractOk(anonymous, "POST", APPS, key, body);
        String path = APPS + "/" + created.get("app_id").asText();
        assertThat(created.at("/creator/app").asText()).isEqualTo(admin.toString());
        assertThat(created.get("interface").asText()).isEqualTo("JCE");
        assertThat(created.get("groups").size()).isZero();

        JsonNode patched = contractOk(anonymous, "PATCH", path, key, Map.of("description", "second", "enabled", false));
        assertThat(patched.get("description").asText()).isEqualTo("second");
        assertThat(patched.get("app_type").asText()).isEqualTo("Custom");
        JsonNode credential = contractOk(anonymous, "GET", path + "/credential", key, null);
        assertThat(credential.at("/credential/secret").asText()).isNotEmpty();
        assertThat(contractOk(anonymous, "GET", APPS + "?with_metadata=true&limit=1", key, null)
                .at("/metadata/count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(send(anonymous, "DELETE", path, key, null).status()).isEqualTo(204);
        assertStatus(send(anonymous, "GET", path, key, null), 404);
    }

    @Test
    void unsupportedDsmFieldsAndUnknownGroupsAreRefusedByName() {
        Exchange unsupported = send(anonymous, "POST", APPS, owner, Map.of("name", "x-" + UUID.randomUUID(),
                "ip_address_policy", Map.of("only", List.of("10.0.0.0/8"))));
        assertStatus(unsupported, 400);
        assertThat(unsupported.body()).contains("not supported by replikey").contains("ip_address_policy");
        Exchange missingGroup = send(anonymous, "POST", APPS, owner, Map.of("name", "x-" + UUID.randomUUID(),
                "add_groups", Map.of(UUID.randomUUID().toString(), List.of("SIGN"))));
        assertStatus(missingGroup, 404);
        assertStatus(send(anonymous, "POST", APPS, owner, Map.of("name", "x-" + UUID.randomUUID(),
                "credential", Map.of("certificate", b64("not a certificate".getBytes(StandardCharsets.UTF_8))))), 400);
        assertThat(contractOk(anonymous, "GET", APPS, owner, null).findValuesAsText("name"))
                .noneMatch(name -> name.startsWith("x-"));
    }

    // ------------------------------------------------------------------ helpers

    private UUID accountSelectedBy(String bearer, String name) {
        UUID acctId = UUID.fromString(ok("POST", "/sys/v1/accounts", bearer, Map.of("name", name + "-" + UUID.randomUUID()))
                .get("acct_id").asText());
        ok("POST", "/sys/v1/session/select_account", bearer, Map.of("acct_id", acctId.toString()));
        return acctId;
    }

    private UUID createApp(String bearer, String name, String role, Map<String, Object> credential) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (credential != null) {
            body.put("credential", credential);
        }
        return UUID.fromString(contractOk(anonymous, "POST", APPS, bearer, body).get("app_id").asText());
    }

    private String secretOf(UUID appId) {
        JsonNode credential = contractOk(anonymous, "GET", APPS + "/" + appId + "/credential", owner, null);
        assertThat(credential.get("app_id").asText()).isEqualTo(appId.toString());
        return credential.at("/credential/secret").asText();
    }

    private JsonNode ok(String method, String path, String authorization, Object body) {
        Exchange exchange = send(anonymous, method, path, authorization, body);
        assertThat(exchange.status()).as("%s %s: %s", method, path, exchange.body()).isBetween(200, 299);
        return parse(exchange.body());
    }

    /** A 2xx JSON answer, validated against the operation's response schema in the DSM contract. */
    private static JsonNode contractOk(DsmClient client, String method, String path, String authorization,
            Object body) {
        Exchange exchange = send(client, method, path, authorization, body);
        assertThat(exchange.status()).as("%s %s: %s", method, path, exchange.body()).isBetween(200, 299);
        assertThat(exchange.contentType()).startsWith("application/json");
        String template = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        JsonNode json = parse(exchange.body());
        assertThat(DsmContract.validate(CONTRACT.responseSchema(method, template, exchange.status()), json))
                .as("%s %s against the DSM contract", method, path).isEmpty();
        assertThat(CONTRACT.undeclaredResponseKeys(method, template, exchange.status(), json))
                .as("%s %s: keys the contract does not declare", method, path).isEmpty();
        return json;
    }

    private static Exchange send(DsmClient client, String method, String path, String authorization, Object body) {
        return client.send(method, path, authorization, body == null ? null : DsmClient.encode(body));
    }

    private static void assertStatus(Exchange exchange, int status) {
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(status);
        assertThat(exchange.contentType()).startsWith("text/plain");
        assertThat(exchange.body()).doesNotContain("Exception", "io.replikey");
    }

    private static JsonNode parse(String body) {
        try {
            return Json.lenient().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String basic(UUID appId, String secret) {
        return DsmClient.basic(appId.toString(), secret);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static KeyPair ecPair() throws Exception {
        return KeyPairGenerator.getInstance("EC").generateKeyPair();
    }

    /** A certificate as self_sign makes them, over a key of the test's own. */
    private static byte[] selfSigned(KeyPair pair) {
        return new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom()).issue(
                SelfSignedCertificateFactory.credentialCommonName(UUID.randomUUID(), UUID.randomUUID()),
                pair.getPublic().getEncoded(), pair.getPrivate(), CredentialKeyType.EC_P256);
    }

    private static byte[] certificate(KeyPair pair, Instant notBefore, Instant notAfter) throws Exception {
        X500Name name = new X500Name("CN=dated test app");
        return new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                Date.from(notAfter), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
    }

    private DsmClient presentingFreshCertificate(Instant notBefore, Instant notAfter) throws Exception {
        KeyPair pair = ecPair();
        return presenting(pair.getPrivate(), certificate(pair, notBefore, notAfter));
    }

    /** A client that pins the server's certificate and presents {@code der} with {@code key} as its own. */
    private DsmClient presenting(PrivateKey key, byte[] der) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, password, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.server().tlsCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new DsmClient(server.baseUri(), ssl);
    }
}
