package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.UriFormat;
import io.replikey.client.DsmClient;
import io.replikey.testing.TestServer;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
 * and checked by networknt's json-schema-validator with its OpenAPI 3.0 dialect ({@code nullable},
 * {@code discriminator}, {@code $ref} into {@code #/components/schemas}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {
    /** An unchanged copy of /work/shared/reference/dsm-openapi-subset.json. */
    private static final String DOCUMENT = "dsm/dsm-openapi-subset.json";
    /** Where the validator finds the document with its mappings spelled as references (see below). */
    private static final String DOCUMENT_IRI = "https://contract.replikey.test/dsm-openapi-subset.json";
    private static final JsonNode OPENAPI = readDocument();
    private static final SchemaRegistry SCHEMAS = schemaRegistry(withMappingsAsReferences(OPENAPI));

    private final Map<String, Schema> schemaByPointer = new ConcurrentHashMap<>();
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
        return validate(schema, body.toString());
    }

    private static List<String> validate(Schema schema, String body) {
        return schema.validate(body, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /**
     * The {@code application/json} schema of the response the contract gives for this status:
     * the exact code if listed, else its class ({@code 2XX}).
     */
    private Schema responseSchema(String method, String path, int status) {
        String template = pathTemplate(method, path);
        JsonNode responses = OPENAPI.get("paths").get(template).get(method.toLowerCase(Locale.ROOT)).get("responses");
        String code = responses.has(Integer.toString(status)) ? Integer.toString(status) : status / 100 + "XX";
        assertThat(responses.at("/" + code + "/content/application~1json/schema").isMissingNode())
                .as("the contract gives %s %s a JSON body for %s", method, template, status).isFalse();
        String pointer = "/paths/" + pointerToken(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/"
                + code + "/content/application~1json/schema";
        return schemaByPointer.computeIfAbsent(pointer,
                p -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
    }

    private static JsonNode operation(String method, String path) {
        return OPENAPI.get("paths").get(pathTemplate(method, path)).get(method.toLowerCase(Locale.ROOT));
    }

    /**
     * The document's path template that serves this request. Like an OpenAPI router, a literal
     * segment beats a parameter ({@code /sys/v1/users/accounts} over {@code /sys/v1/users/{user_id}}).
     */
    private static String pathTemplate(String method, String path) {
        String best = null;
        long bestParameters = Long.MAX_VALUE;
        for (Map.Entry<String, JsonNode> entry : OPENAPI.get("paths").properties()) {
            String template = entry.getKey();
            if (!entry.getValue().has(method.toLowerCase(Locale.ROOT)) || !templatePattern(template).matcher(path).matches()) {
                continue;
            }
            long parameters = template.chars().filter(c -> c == '{').count();
            if (parameters < bestParameters) {
                best = template;
                bestParameters = parameters;
            }
        }
        assertThat(best).as("the contract has an operation for %s %s", method, path).isNotNull();
        return best;
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String segment : template.substring(1).split("/", -1)) {
            regex.append('/').append(segment.matches("\\{[^}]+}") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.toString());
    }

    /** RFC 6901 escaping of one JSON-pointer token. */
    private static String pointerToken(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode readDocument() {
        try (InputStream in = OpenApiConformanceTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT + " on the test classpath").isNotNull();
            return Json.lenient().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as the validator must see it. OpenAPI 3.0 lets a discriminator {@code mapping}
     * value be a schema name ({@code "Standard": "AccountPurposeVariantStandard"}) meaning
     * {@code #/components/schemas/AccountPurposeVariantStandard}; all 67 mappings of the DSM document
     * use names. json-schema-validator 3.0.9 only recognises the mapped {@code oneOf} branch when the
     * mapping value equals that branch's {@code $ref} text, so with names every discriminated body
     * (Account purposes, ReplicationCredential) fails with "no matching schema found for
     * discriminator value". Spelling each name as the reference it stands for keeps the contract's
     * meaning and keeps the discriminator check on; nothing else in the document changes.
     */
    private static String withMappingsAsReferences(JsonNode document) {
        JsonNode schemas = document.get("components").get("schemas");
        JsonNode copy = document.deepCopy();
        List<JsonNode> nodes = new ArrayList<>(List.of(copy));
        int rewritten = 0;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.remove(nodes.size() - 1);
            JsonNode mapping = node.path("discriminator").path("mapping");
            if (node.isObject() && mapping.isObject()) {
                for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
                    String target = entry.getValue().asText();
                    if (schemas.has(target)) {
                        entry.setValue(new TextNode("#/components/schemas/" + pointerToken(target)));
                        rewritten++;
                    }
                }
            }
            node.forEach(nodes::add);
        }
        assertThat(rewritten).as("discriminator mappings given as schema names").isPositive();
        return copy.toString();
    }

    /**
     * The OpenAPI 3.0 dialect, with format assertions on. The library knows {@code uuid},
     * {@code email}, {@code ipv4}, {@code ipv6}; the document also uses the OpenAPI formats
     * {@code byte}, {@code int32}, {@code int64} and DSM's {@code url}, added below with their
     * OpenAPI meaning. Strict formats make any other, unknown format fail instead of passing silently.
     */
    private static SchemaRegistry schemaRegistry(String document) {
        Dialect openApi30 = Dialect.builder(Dialects.getOpenApi30())
                .format(new Base64Format())
                .format(new UrlFormat())
                .format(new IntegerRangeFormat("int32", 32))
                .format(new IntegerRangeFormat("int64", 64))
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .strict("format", true)
                .build();
        return SchemaRegistry.withDialect(openApi30, builder -> builder.schemaRegistryConfig(config)
                .schemas(Map.of(DOCUMENT_IRI, document)));
    }

    /** OpenAPI {@code byte}: standard base64 (RFC 4648 §4), padded, as design.md §5 requires. */
    private static final class Base64Format implements Format {
        @Override
        public String getName() {
            return "byte";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            try {
                Base64.getDecoder().decode(value);
                return value.length() % 4 == 0;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** DSM's {@code url}: an absolute URL, checked as an RFC 3986 absolute URI by the library's {@code uri} format. */
    private static final class UrlFormat implements Format {
        private final UriFormat uri = new UriFormat();

        @Override
        public String getName() {
            return "url";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return uri.matches(context, value);
        }
    }

    /** OpenAPI {@code int32}/{@code int64}: a JSON integer within the signed range of that width. */
    private static final class IntegerRangeFormat implements Format {
        private final String name;
        private final BigInteger min;
        private final BigInteger max;

        IntegerRangeFormat(String name, int bits) {
            this.name = name;
            this.max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
            this.min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean matches(ExecutionContext context, com.networknt.schema.SchemaContext schemaContext,
                tools.jackson.databind.JsonNode value) {
            if (!value.isIntegralNumber()) {
                return true; // format applies to integers only; "type" judges the rest
            }
            BigInteger number = value.bigIntegerValue();
            return number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
        }
    }
}
