package io.replikey.server.http;

import static io.replikey.server.http.HostileInputFixture.CERTIFICATE;
import static io.replikey.server.http.HostileInputFixture.JSON;
import static io.replikey.server.http.HostileInputFixture.NODES;
import static io.replikey.server.http.HostileInputFixture.SCAN_HOURS;
import static io.replikey.server.http.HostileInputFixture.SOURCE_URL;
import static io.replikey.server.http.HostileInputFixture.accountPath;
import static io.replikey.server.http.HostileInputFixture.activeId;
import static io.replikey.server.http.HostileInputFixture.assertClientError;
import static io.replikey.server.http.HostileInputFixture.assertStateUnchanged;
import static io.replikey.server.http.HostileInputFixture.assertStatus;
import static io.replikey.server.http.HostileInputFixture.b64;
import static io.replikey.server.http.HostileInputFixture.bodyTargets;
import static io.replikey.server.http.HostileInputFixture.concat;
import static io.replikey.server.http.HostileInputFixture.credentialsPath;
import static io.replikey.server.http.HostileInputFixture.obj;
import static io.replikey.server.http.HostileInputFixture.replicaId;
import static io.replikey.server.http.HostileInputFixture.replicationPurpose;
import static io.replikey.server.http.HostileInputFixture.scalar;
import static io.replikey.server.http.HostileInputFixture.send;
import static io.replikey.server.http.HostileInputFixture.spareCert;
import static io.replikey.server.http.HostileInputFixture.spareId;
import static io.replikey.server.http.HostileInputFixture.standardId;
import static io.replikey.server.http.HostileInputFixture.valueOfKind;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replikey.server.http.HostileInputFixture.Kind;
import io.replikey.server.http.HostileInputFixture.Mutation;
import io.replikey.server.http.HostileInputFixture.Request;
import io.replikey.server.http.HostileInputFixture.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Bodies the server must not take for a request: anything but one JSON object, a field of the
 * wrong JSON type, a field the request type does not have, and a wrong {@code $type}. Fixture and
 * checks: {@link HostileInputFixture}.
 */
@AddLifecycleHook(HostileInputFixture.class)
class MalformedBodyProperties {
    /** Every field name a request body may carry; anything else is an unknown field. */
    private static final Set<String> KNOWN_FIELDS = Set.of("$type", "name", "description", "enabled", "purpose",
            "connection_settings", "url", "active_replication_credential", "scan_settings", "auto_scan",
            "scan_interval_hours", "app_id", "certificate_chain", "key_type", "acct_id", "user_email",
            "user_password", "recaptcha_response", "first_name", "last_name", "token_type",
            // apps (DSM AppRequest, AppCredentialRequest, AppResetSecretRequest)
            "app_type", "interface", "role", "credential", "secret", "size", "secret_size", "certificate",
            "trustedca", "add_groups", "mod_groups", "del_groups", "default_group", "account_membership",
            "client_configurations", "credential_migration_period", "ip_address_policy", "oauth_config", "all",
            "ldap", "awsiam", "awsxks", "signedjwt", "googleserviceaccount", "googleworkspacecse",
            // groups (GroupRequest)
            "custom_metadata", "add_hmg", "approval_policy", "cryptographic_policy",
            "custodian_policy", "del_hmg", "export_policy", "google_access_reason_policy", "hmg_redundancy",
            "hmg_segregation", "hmg_sync", "key_history_policy", "key_metadata_policy", "mod_hmg",
            "wrapping_key_name",
            // security objects (SobjectRequest, SobjectDescriptor)
            "obj_type", "key_size", "elliptic_curve", "pub_exponent", "key_ops", "state", "group_id", "value", "kcv",
            "activation_date", "aes", "allow_credential_use", "allow_sign_hash", "aria", "bip32", "bls",
            "deactivation_date", "des", "des3", "deterministic_signatures", "dsa", "eckcdsa", "external", "fpe",
            "kcdsa", "links", "lms", "mldsa", "mlkem", "publish_public_key", "rotation_policy", "rsa", "seed",
            "slip10", "transient", "xmss", "kid", "transient_key", "inline",
            // crypto (Encrypt/Decrypt/Sign/VerifyRequest, modes)
            "key", "alg", "plain", "mode", "iv", "ad", "tag_len", "label", "cipher", "tag", "masked", "hash_alg",
            "hash", "data", "signature", "deterministic_signature", "context", "variant", "PSS", "PKCS1_V15",
            "OAEP", "RAW_DECRYPT", "mgf", "mgf1");

    // ---------------------------------------------------------------- bodies that are not one JSON object

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

    // ---------------------------------------------------------------- wrong $type

    /**
     * Any {@code $type} but the valid one (near misses, other discriminators, non-strings, null) in
     * credential create and update and in account purposes; the rest of each body is valid.
     */
    @Property(tries = 100)
    void wrongTypeDiscriminatorsAreRefused(@ForAll("notCertificate") JsonNode credentialType,
            @ForAll("notAPurpose") JsonNode purposeType) {
        String credentials = credentialsPath(replicaId());
        List<Request> requests = List.of(
                new Request("POST", credentials, obj("$type", credentialType)),
                new Request("POST", credentialsPath(standardId()), obj("$type", credentialType)),
                new Request("PATCH", credentials + "/" + activeId(), obj("$type", credentialType,
                        "app_id", UUID.randomUUID().toString())),
                new Request("PATCH", credentials + "/" + spareId(), obj("$type", credentialType,
                        "certificate_chain", List.of(b64(spareCert())))),
                new Request("POST", "/sys/v1/accounts", obj("name", "typed", "purpose", obj("$type", purposeType))),
                new Request("POST", "/sys/v1/accounts", obj("name", "typed",
                        "purpose", replicationPurpose(purposeType, SOURCE_URL, null, SCAN_HOURS))),
                new Request("PATCH", accountPath(standardId()), obj("purpose", obj("$type", purposeType))),
                new Request("PATCH", accountPath(replicaId()), obj("purpose", obj("$type", purposeType))),
                new Request("PATCH", accountPath(replicaId()), obj("purpose",
                        replicationPurpose(purposeType, "https://other.example.com", activeId(), 12))));
        for (Request request : requests) {
            assertStatus(send(request), 400, request);
        }
        assertStateUnchanged();
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
                template.filter(t -> t.length() > 2).map(MalformedBodyProperties::withDuplicateKey),
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
                Arbitraries.strings().all().ofMaxLength(40).map(MalformedBodyProperties::quote),
                template.map(t -> "[" + t + "]"),
                template.map(MalformedBodyProperties::quote));
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
                Combinators.combine(prefix, tail).as(HostileInputFixture::concat),
                Combinators.combine(prefix, template).as((p, t) -> concat(p, t.getBytes(UTF_8))),
                Combinators.combine(template, wide).as((t, charset) -> t.getBytes(charset))
                        .flatMap(b -> Arbitraries.integers().between(1, b.length - 1).map(n -> Arrays.copyOf(b, n))));
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
        return Arbitraries.of(Kind.values()).filter(k -> k != kind).flatMap(HostileInputFixture::valueOfKind);
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

    // ---------------------------------------------------------------- small helpers

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
}
