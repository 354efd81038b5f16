package io.replikey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.replikey.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The DSM contract (an unchanged copy of {@code /work/shared/reference/dsm-openapi-subset.json} on
 * the test classpath) as a validator of JSON bodies: finds an operation's request or response
 * schema from the document's {@code paths} (path template + method), never by a hard-coded schema
 * name, and checks bodies with networknt's json-schema-validator in its OpenAPI 3.0 dialect
 * ({@code nullable}, {@code discriminator}, {@code $ref} into {@code #/components/schemas}) with
 * format assertions on. Thread-safe; one shared instance.
 */
public final class DsmContract {
    private static final String DOCUMENT = "dsm/dsm-openapi-subset.json";
    /** Where the validator finds the document with its mappings spelled as references (see below). */
    private static final String DOCUMENT_IRI = "https://contract.replikey.test/dsm-openapi-subset.json";
    private static final DsmContract INSTANCE = new DsmContract();

    private final JsonNode openApi = readDocument();
    private final SchemaRegistry schemas = schemaRegistry(withMappingsAsReferences(openApi));
    private final Map<String, Schema> schemaByPointer = new ConcurrentHashMap<>();

    private DsmContract() {
    }

    public static DsmContract get() {
        return INSTANCE;
    }

    /** The parsed document (read-only by convention). */
    public JsonNode document() {
        return openApi;
    }

    /** The operation object that serves this request ({@code path} concrete or a template). */
    public JsonNode operation(String method, String path) {
        return openApi.get("paths").get(pathTemplate(method, path)).get(method.toLowerCase(Locale.ROOT));
    }

    /**
     * The {@code application/json} schema of the response the contract gives for this status:
     * the exact code if listed, else its class ({@code 2XX}).
     */
    public Schema responseSchema(String method, String path, int status) {
        JsonNode responses = operation(method, path).get("responses");
        String code = responses.has(Integer.toString(status)) ? Integer.toString(status) : status / 100 + "XX";
        assertThat(responses.at("/" + code + "/content/application~1json/schema").isMissingNode())
                .as("the contract gives %s %s a JSON body for %s", method, path, status).isFalse();
        return schemaAt(operationPointer(method, path) + "/responses/" + code + "/content/application~1json/schema");
    }

    /** The {@code application/json} schema of the operation's request body. */
    public Schema requestSchema(String method, String path) {
        assertThat(operation(method, path).at("/requestBody/content/application~1json/schema").isMissingNode())
                .as("the contract gives %s %s a JSON request body", method, path).isFalse();
        return schemaAt(operationPointer(method, path) + "/requestBody/content/application~1json/schema");
    }

    /**
     * The JSON paths of the object keys in {@code body} that the operation's response schema does not
     * declare. The contract's objects allow additional properties, so validation alone would pass a
     * misspelt field; this catches it. Declarations are followed through {@code $ref},
     * {@code allOf}/{@code oneOf}/{@code anyOf}, {@code items} and {@code additionalProperties},
     * taking the union of the branches.
     */
    public List<String> undeclaredResponseKeys(String method, String path, int status, JsonNode body) {
        JsonNode responses = operation(method, path).get("responses");
        String code = responses.has(Integer.toString(status)) ? Integer.toString(status) : status / 100 + "XX";
        List<String> undeclared = new ArrayList<>();
        collectUndeclared(List.of(responses.at("/" + code + "/content/application~1json/schema")), body, "",
                undeclared);
        return undeclared;
    }

    /** The property names the operation's request schema declares at its top level. */
    public Set<String> requestProperties(String method, String path) {
        Set<String> names = new TreeSet<>();
        JsonNode schema = operation(method, path).at("/requestBody/content/application~1json/schema");
        for (JsonNode leaf : leaves(List.of(schema))) {
            leaf.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The property names a component schema declares at its top level (through its branches). */
    public Set<String> componentProperties(String schemaName) {
        Set<String> names = new TreeSet<>();
        JsonNode schema = openApi.at("/components/schemas/" + pointerToken(schemaName));
        assertThat(schema.isMissingNode()).as("schema %s in the contract", schemaName).isFalse();
        for (JsonNode leaf : leaves(List.of(schema))) {
            leaf.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private void collectUndeclared(List<JsonNode> schemas, JsonNode body, String path, List<String> undeclared) {
        List<JsonNode> leaves = leaves(schemas);
        if (body.isObject()) {
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                List<JsonNode> declared = new ArrayList<>();
                for (JsonNode leaf : leaves) {
                    if (leaf.path("properties").has(field.getKey())) {
                        declared.add(leaf.get("properties").get(field.getKey()));
                    }
                }
                if (declared.isEmpty()) {
                    leaves.stream().map(leaf -> leaf.path("additionalProperties")).filter(JsonNode::isObject)
                            .forEach(declared::add);
                }
                String where = path + "/" + field.getKey();
                if (declared.isEmpty()) {
                    undeclared.add(where);
                } else {
                    collectUndeclared(declared, field.getValue(), where, undeclared);
                }
            }
        } else if (body.isArray()) {
            List<JsonNode> items = leaves.stream().map(leaf -> leaf.path("items")).filter(JsonNode::isObject).toList();
            for (int i = 0; i < body.size(); i++) {
                collectUndeclared(items, body.get(i), path + "/" + i, undeclared);
            }
        }
    }

    /** The schemas themselves, with {@code $ref} resolved and composition keywords expanded. */
    private List<JsonNode> leaves(List<JsonNode> schemas) {
        List<JsonNode> leaves = new ArrayList<>();
        List<JsonNode> pending = new ArrayList<>(schemas);
        while (!pending.isEmpty()) {
            JsonNode schema = pending.remove(pending.size() - 1);
            if (schema.has("$ref")) {
                pending.add(openApi.at(schema.get("$ref").asText().substring(1)));
                continue;
            }
            for (String composition : List.of("allOf", "oneOf", "anyOf")) {
                schema.path(composition).forEach(pending::add);
            }
            leaves.add(schema);
        }
        return leaves;
    }

    /** Every validation message of {@code body} against {@code schema}; empty when it conforms. */
    public static List<String> validate(Schema schema, JsonNode body) {
        return validate(schema, body.toString());
    }

    public static List<String> validate(Schema schema, String body) {
        return schema.validate(body, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    private Schema schemaAt(String pointer) {
        return schemaByPointer.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
    }

    private String operationPointer(String method, String path) {
        return "/paths/" + pointerToken(pathTemplate(method, path)) + "/" + method.toLowerCase(Locale.ROOT);
    }

    /**
     * The document's path template that serves this request. Like an OpenAPI router, a literal
     * segment beats a parameter ({@code /sys/v1/users/accounts} over {@code /sys/v1/users/{user_id}}).
     */
    private String pathTemplate(String method, String path) {
        String best = null;
        long bestParameters = Long.MAX_VALUE;
        for (Map.Entry<String, JsonNode> entry : openApi.get("paths").properties()) {
            String template = entry.getKey();
            boolean matches = template.equals(path) || templatePattern(template).matcher(path).matches();
            if (!entry.getValue().has(method.toLowerCase(Locale.ROOT)) || !matches) {
                continue;
            }
            long parameters = template.equals(path) ? -1 : template.chars().filter(c -> c == '{').count();
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
        try (InputStream in = DsmContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
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
