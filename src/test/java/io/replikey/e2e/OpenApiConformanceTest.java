package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import io.replikey.client.DsmClient;
import io.replikey.testing.DsmContract;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract conformance (design.md §5): every 2xx JSON body a real server sends validates against
 * the response schema that the official DSM OpenAPI 3.0 document gives for that operation, so
 * strict DSM clients can decode it. The schema is found from the document's {@code paths} (path
 * template + method → response → {@code application/json} schema), never by a hard-coded name,
 * and checked by {@link DsmContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {
    private static final DsmContract CONTRACT = DsmContract.get();

    private TestServer server;
    private DsmClient client;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        client = server.client();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyResponseOfTheWholeApiMatchesItsOperationSchema() {
        Conformance api = new Conformance();
        String email = "conformance-" + UUID.randomUUID() + "@example.com";

        JsonNode user = api.call("POST", "/sys/v1/users", null,
                Map.of("user_email", email, "user_password", TestServer.PASSWORD));
        JsonNode session = api.call("POST", "/sys/v1/session/auth", DsmClient.basic(email, TestServer.PASSWORD), null);
        String bearer = DsmClient.bearer(session.get("access_token").asText());

        JsonNode standard = api.call("POST", "/sys/v1/accounts", bearer,
                Map.of("name", "standard-" + UUID.randomUUID(), "description", "conformance"));
        String standardId = standard.get("acct_id").asText();
        JsonNode replica = api.call("POST", "/sys/v1/accounts", bearer,
                Map.of("name", "replica-" + UUID.randomUUID(), "purpose", TestServer.replicationPurpose(null)));
        String replicaId = replica.get("acct_id").asText();

        api.call("POST", "/sys/v1/session/select_account", bearer, Map.of("acct_id", replicaId));
        api.call("GET", "/sys/v1/users/" + user.get("user_id").asText(), bearer, null);
        api.call("GET", "/sys/v1/accounts/" + standardId, bearer, null);
        api.call("PATCH", "/sys/v1/accounts/" + standardId, bearer, Map.of("description", "patched"));

        // A fresh credential (app_id and certificate_chain null), then the DSM flow of design.md §1.
        String credentials = "/sys/v1/accounts/" + replicaId + "/replication/credentials";
        JsonNode fresh = api.call("POST", credentials, bearer, Map.of("$type", "Certificate"));
        assertThat(fresh.get("app_id").isNull()).as("nullable app_id is sent as null").isTrue();
        String credentialId = fresh.get("credential_id").asText();
        String credential = credentials + "/" + credentialId;
        String certificate = api.call("POST", credential + "/self_sign", bearer, null).get("certificate").asText();
        api.call("PATCH", credential, bearer, Map.of("$type", "Certificate",
                "app_id", UUID.randomUUID().toString(), "certificate_chain", List.of(certificate)));
        api.call("GET", credential, bearer, null);
        api.call("POST", credentials, bearer, Map.of("$type", "Certificate"));
        api.call("GET", credentials, bearer, null);

        // The credential becomes active: connection_settings now carries active_replication_credential.
        JsonNode active = api.call("PATCH", "/sys/v1/accounts/" + replicaId, bearer,
                Map.of("purpose", TestServer.replicationPurpose(credentialId)));
        assertThat(active.at("/purpose/connection_settings/active_replication_credential").asText())
                .isEqualTo(credentialId);
        api.call("GET", "/sys/v1/accounts/" + replicaId, bearer, null);

        // Failover of another replication account: purpose Standard, original_purpose AccountReplication.
        String failedOverId = api.call("POST", "/sys/v1/accounts", bearer,
                Map.of("name", "failover-" + UUID.randomUUID(), "purpose", TestServer.replicationPurpose(null)))
                .get("acct_id").asText();
        JsonNode failedOver = api.call("PATCH", "/sys/v1/accounts/" + failedOverId, bearer,
                Map.of("purpose", AccountPurpose.standard()));
        assertThat(failedOver.at("/original_purpose/$type").asText()).isEqualTo("AccountReplication");

        api.call("GET", "/sys/v1/accounts", bearer, null);
        api.call("GET", "/sys/v1/version", null, null);

        // Guards against a flow that silently stops exercising an operation.
        assertThat(api.validatedOperations).containsExactlyInAnyOrder("SignupUser", "Authenticate", "CreateAccount",
                "SelectAccount", "GetUser", "GetAccount", "UpdateAccount", "ListAccounts",
                "CreateReplicationCredential", "ReplicationCredentialSelfSignedCert", "UpdateReplicationCredential",
                "GetReplicationCredential", "ListReplicationCredentials", "Version");
        assertThat(api.findings).as("validation messages of real responses against the DSM contract").isEmpty();
    }

    /** Shows the check has teeth: a real Account body passes, and each damaged copy of it fails. */
    @Test
    void damagedCopiesOfRealBodiesFailValidation() throws IOException {
        String bearer = DsmClient.bearer(server.newUser().token());
        DsmClient.Exchange created = client.send("POST", "/sys/v1/accounts", bearer,
                DsmClient.encode(Map.of("name", "teeth-" + UUID.randomUUID())));
        assertThat(created.status()).isEqualTo(200);
        ObjectNode account = (ObjectNode) Json.lenient().readTree(created.body());
        Schema accountSchema = responseSchema("GET", "/sys/v1/accounts/" + account.get("acct_id").asText(), 200);
        assertThat(validate(accountSchema, account)).as("the undamaged body").isEmpty();

        assertThat(validate(accountSchema, account.deepCopy().without("enabled")))
                .anyMatch(message -> message.contains("required") && message.contains("enabled"));
        assertThat(validate(accountSchema, account.deepCopy().put("original_purpose", "Standard")))
                .anyMatch(message -> message.contains("original_purpose"));
        assertThat(validate(accountSchema, account.deepCopy().without("subscription")))
                .anyMatch(message -> message.contains("required") && message.contains("subscription"));
        assertThat(validate(accountSchema, account.deepCopy().put("acct_id", "not-a-uuid")))
                .as("format uuid is asserted").anyMatch(message -> message.contains("acct_id"));
        ObjectNode unknownPurpose = account.deepCopy();
        unknownPurpose.putObject("purpose").put("$type", "Mystery");
        assertThat(validate(accountSchema, unknownPurpose)).as("the discriminator is checked")
                .anyMatch(message -> message.contains("discriminator value 'Mystery'"));

        String credentialPath = "/sys/v1/accounts/" + UUID.randomUUID() + "/replication/credentials/" + UUID.randomUUID();
        Schema credentialSchema = responseSchema("GET", credentialPath, 200);
        ObjectNode credential = Json.lenient().createObjectNode().put("$type", "Certificate")
                .put("credential_id", UUID.randomUUID().toString());
        credential.putNull("app_id");
        credential.putNull("certificate_chain");
        assertThat(validate(credentialSchema, credential)).as("nullable fields may be null").isEmpty();
        credential.putArray("certificate_chain").add("not base64!");
        assertThat(validate(credentialSchema, credential))
                .as("format byte is asserted").anyMatch(message -> message.contains("certificate_chain"));
    }

    /** Drives the API and records, per response, every validation message against the contract. */
    private final class Conformance {
        final Set<String> validatedOperations = new TreeSet<>();
        final List<String> findings = new ArrayList<>();

        JsonNode call(String method, String path, String authorization, Object body) {
            DsmClient.Exchange exchange = client.send(method, path, authorization,
                    body == null ? null : DsmClient.encode(body));
            assertThat(exchange.status()).as("%s %s answered %s", method, path, exchange.body()).isBetween(200, 299);
            assertThat(exchange.contentType()).as("%s %s", method, path).startsWith("application/json");
            validatedOperations.add(operation(method, path).get("operationId").asText());
            for (String message : validate(responseSchema(method, path, exchange.status()), exchange.body())) {
                findings.add(method + " " + path + ": " + message);
            }
            try {
                return Json.lenient().readTree(exchange.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<String> validate(Schema schema, JsonNode body) {
        return DsmContract.validate(schema, body);
    }

    private static List<String> validate(Schema schema, String body) {
        return DsmContract.validate(schema, body);
    }

    private static Schema responseSchema(String method, String path, int status) {
        return CONTRACT.responseSchema(method, path, status);
    }

    private static JsonNode operation(String method, String path) {
        return CONTRACT.operation(method, path);
    }
}
