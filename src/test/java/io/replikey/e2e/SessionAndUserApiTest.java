package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.testing.TestServer;
import io.replikey.wire.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, sessions, health and version over HTTPS, checked at the level of raw JSON fields. */
class SessionAndUserApiTest {
    @TempDir
    Path dataDir;

    @Test
    void signupAuthenticateSelectRefreshTerminate() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            DsmClient client = server.client();
            String email = "ops-" + UUID.randomUUID() + "@example.com";
            DsmClient.Exchange signup = client.send("POST", "/sys/v1/users", null,
                    ("{\"user_email\":\"" + email + "\",\"user_password\":\"" + TestServer.PASSWORD + "\"}").getBytes());
            assertThat(signup.status()).isEqualTo(200);
            JsonNode user = Json.lenient().readTree(signup.body());
            assertThat(user.fieldNames()).toIterable()
                    .contains("user_id", "user_email", "account_role", "mfa_devices", "u2f_devices");
            assertThat(user.has("user_password")).isFalse();
            assertThat(signup.body()).doesNotContain(TestServer.PASSWORD).doesNotContain("argon2");

            DsmClient.Exchange auth = client.send("POST", "/sys/v1/session/auth",
                    DsmClient.basic(email, TestServer.PASSWORD), null);
            JsonNode session = Json.lenient().readTree(auth.body());
            assertThat(session.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(session.get("expires_in").asLong()).isEqualTo(900);
            assertThat(session.get("entity_id").asText()).isEqualTo(user.get("user_id").asText());
            String bearer = DsmClient.bearer(session.get("access_token").asText());

            UUID acctId = server.newReplicationAccount(session.get("access_token").asText());
            assertThat(client.send("POST", "/sys/v1/session/select_account", bearer,
                    ("{\"acct_id\":\"" + acctId + "\"}").getBytes()).status()).isEqualTo(200);
            JsonNode me = Json.lenient().readTree(
                    client.send("GET", "/sys/v1/users/" + user.get("user_id").asText(), bearer, null).body());
            assertThat(me.get("account_role").get(0).asText()).isEqualTo("ACCOUNTADMINISTRATOR");
            assertThat(client.send("POST", "/sys/v1/session/select_account", bearer,
                    ("{\"acct_id\":\"" + UUID.randomUUID() + "\"}").getBytes()).status()).isEqualTo(404);
            assertThat(client.send("GET", "/sys/v1/users/" + UUID.randomUUID(), bearer, null).status()).isEqualTo(404);

            assertThat(client.send("POST", "/sys/v1/session/refresh", bearer, null).status()).isEqualTo(204);
            assertThat(client.send("POST", "/sys/v1/session/terminate", bearer, null).status()).isEqualTo(204);
            assertThat(client.send("GET", "/sys/v1/accounts", bearer, null).status()).isEqualTo(401);
            assertThat(client.send("POST", "/sys/v1/session/auth", DsmClient.basic(email, "wrong password"), null)
                    .status()).isEqualTo(401);
            assertThat(client.send("POST", "/sys/v1/users", null,
                    ("{\"user_email\":\"" + email + "\",\"user_password\":\"another password\"}").getBytes()).status())
                    .as("duplicate email").isEqualTo(409);
        }
    }

    @Test
    void aThrottledLoginIs429WithRetryAfterInWholeSeconds() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            TestServer.User user = server.newUser();
            for (int i = 0; i < 5; i++) {
                assertThat(server.client().send("POST", "/sys/v1/session/auth",
                        DsmClient.basic(user.email(), "wrong password"), null).status()).isEqualTo(401);
            }
            HttpClient http = HttpClient.newBuilder().sslContext(DsmClient.pinning(server.server().tlsCertificate()))
                    .build();
            // The first back-off is 1 s, which a slow machine may let pass before the next attempt
            // arrives; each attempt that still gets through doubles it, so a 429 comes within a few.
            HttpResponse<String> throttled = null;
            for (int attempt = 0; attempt < 8 && (throttled == null || throttled.statusCode() == 401); attempt++) {
                throttled = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/sys/v1/session/auth"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", DsmClient.basic(user.email(), "wrong password")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }

            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(throttled.headers().allValues("Retry-After")).singleElement().satisfies(
                    value -> assertThat(value).as("delay-seconds, RFC 9110 10.2.3").matches("[1-9][0-9]*"));
            assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 900L);
        }
    }

    @Test
    void aFullWidthEmailIsTheSameUserForSignUpAndLogin() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            DsmClient client = server.client();
            DsmClient.Exchange signup = client.send("POST", "/sys/v1/users", null,
                    ("{\"user_email\":\"tk0@x.io\",\"user_password\":\"" + TestServer.PASSWORD + "\"}").getBytes());
            assertThat(signup.status()).isEqualTo(200);
            String fullWidth = "\uff54\uff4b0@x.io"; // U+FF54 U+FF4B: full-width t and k

            assertThat(client.send("POST", "/sys/v1/users", null, ("{\"user_email\":\"" + fullWidth
                    + "\",\"user_password\":\"another password\"}").getBytes(StandardCharsets.UTF_8)).status())
                    .as("duplicate").isEqualTo(409);
            DsmClient.Exchange auth = client.send("POST", "/sys/v1/session/auth",
                    DsmClient.basic(fullWidth, TestServer.PASSWORD), null);
            assertThat(auth.status()).isEqualTo(200);
            assertThat(Json.lenient().readTree(auth.body()).get("entity_id").asText())
                    .isEqualTo(Json.lenient().readTree(signup.body()).get("user_id").asText());
        }
    }

    @Test
    void closedSignupRefusesNewUsers() {
        try (TestServer server = TestServer.start(dataDir, Map.of("signup", "closed"))) {
            DsmClient.Exchange refused = server.client().send("POST", "/sys/v1/users", null,
                    "{\"user_email\":\"a@example.com\",\"user_password\":\"long enough\"}".getBytes());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("text/plain");
            assertThat(refused.body()).isEqualTo("sign-up is closed on this server");
        }
    }

    /** Answers carry secrets beside caller-chosen text: compressing them would open a BREACH-style side channel. */
    @Test
    void answersAreNeverCompressed() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            TestServer.User user = server.newUser();
            String description = "d".repeat(400);
            for (int i = 0; i < 8; i++) {
                assertThat(server.client().send("POST", "/sys/v1/accounts", DsmClient.bearer(user.token()),
                        ("{\"name\":\"account " + i + "\",\"description\":\"" + description + "\"}")
                                .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
            }
            HttpClient http = HttpClient.newBuilder().sslContext(DsmClient.pinning(server.server().tlsCertificate()))
                    .build();
            HttpResponse<byte[]> listing = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/sys/v1/accounts"))
                    .header("Authorization", DsmClient.bearer(user.token()))
                    .header("Accept-Encoding", "gzip, deflate, br, zstd").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(listing.body().length).as("well over any minimum size for compression").isGreaterThan(3_000);
            assertThat(Json.lenient().readTree(listing.body())).hasSize(8);
        }
    }

    @Test
    void healthAndVersion() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.client().send("GET", "/sys/v1/health", null, null).status()).isEqualTo(204);
            DsmClient.Exchange version = server.client().send("GET", "/sys/v1/version", null, null);
            JsonNode body = Json.lenient().readTree(version.body());
            assertThat(body.get("version").asText()).isNotBlank();
            assertThat(body.get("api_version").asText()).isEqualTo("0.1.0-20260526");
            assertThat(body.get("server_mode").asText()).isEqualTo("Software");
        }
    }

    @Test
    void generatedTlsIdentityAndMasterKeyAreReusedAcrossRestarts() {
        String first;
        try (TestServer server = TestServer.start(dataDir)) {
            first = server.server().tlsCertificate().getSerialNumber().toString();
            server.newUser();
        }
        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.server().tlsCertificate().getSerialNumber().toString()).isEqualTo(first);
        }
    }
}
