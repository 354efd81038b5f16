package io.replikey.wire;

import static io.replikey.wire.WireSamples.GROUP;
import static io.replikey.wire.WireSamples.KID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replikey.testing.DsmContract;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The issue-6 request records parse DSM request bodies strictly: each test body first conforms to
 * the operation's request schema in the contract, then parses with {@link Json#strict()} into the
 * expected values; unknown fields and wrong types are refused; every field of the contract's
 * request schema is a field of the record (implemented, or parsed to be refused by name).
 */
class WireRequestParsingTest {
    private static final DsmContract CONTRACT = DsmContract.get();
    private static final String APP_PATH = "/sys/v1/apps/" + WireSamples.APP;

    /** operation, request record, a conforming body. */
    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("POST", "/sys/v1/apps", AppRequest.class, RequestBodies.CREATE_APP),
                Arguments.of("PATCH", APP_PATH, AppRequest.class, RequestBodies.CREATE_APP),
                Arguments.of("POST", APP_PATH + "/reset_secret", AppResetSecretRequest.class, RequestBodies.RESET_SECRET),
                Arguments.of("POST", "/sys/v1/groups", GroupRequest.class, RequestBodies.CREATE_GROUP),
                Arguments.of("PATCH", "/sys/v1/groups/" + GROUP, GroupRequest.class, RequestBodies.CREATE_GROUP),
                Arguments.of("PUT", "/crypto/v1/keys", SobjectRequest.class, RequestBodies.IMPORT_KEY),
                Arguments.of("POST", "/crypto/v1/keys", SobjectRequest.class, RequestBodies.GENERATE_EC_KEY),
                Arguments.of("POST", "/crypto/v1/keys", SobjectRequest.class, RequestBodies.GENERATE_RSA_KEY),
                Arguments.of("PATCH", "/crypto/v1/keys/" + KID, SobjectRequest.class, RequestBodies.CREATE_GROUP),
                Arguments.of("POST", "/crypto/v1/keys/info", SobjectDescriptor.class, RequestBodies.BY_KID),
                Arguments.of("POST", "/crypto/v1/keys/export", SobjectDescriptor.class, RequestBodies.BY_KID),
                Arguments.of("POST", "/crypto/v1/encrypt", EncryptRequest.class, RequestBodies.ENCRYPT_GCM),
                Arguments.of("POST", "/crypto/v1/decrypt", DecryptRequest.class, RequestBodies.DECRYPT_OAEP),
                Arguments.of("POST", "/crypto/v1/sign", SignRequest.class, RequestBodies.SIGN_PSS),
                Arguments.of("POST", "/crypto/v1/verify", VerifyRequest.class, RequestBodies.VERIFY_PKCS1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void conformingBodyParsesAndEveryContractFieldIsAField(String method, String path, Class<?> type, String body)
            throws IOException {
        assertThat(DsmContract.validate(CONTRACT.requestSchema(method, path), body)).as("the test body").isEmpty();
        Object parsed = Json.strict().readValue(body, type);
        assertThat(parsed).isInstanceOf(PartlySupported.class);
        assertThat(((PartlySupported) parsed).unsupportedFields()).isEmpty();
        assertThat(jsonNames(type)).containsExactlyInAnyOrderElementsOf(CONTRACT.requestProperties(method, path));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void unknownFieldsAreRefused(String method, String path, Class<?> type, String body) throws IOException {
        ObjectNode withUnknown = (ObjectNode) Json.strict().readTree(body);
        withUnknown.put("key_sizes", 256);
        assertThatThrownBy(() -> Json.strict().treeToValue(withUnknown, type))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("key_sizes");
    }

    /** Each typed field, given a value of another JSON type (or an invalid one of its own), fails to parse. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void wrongTypesAreRefused(String method, String path, Class<?> type, String body) throws IOException {
        ObjectNode valid = (ObjectNode) Json.strict().readTree(body);
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (Map.Entry<String, JsonNode> field : valid.properties()) {
            for (JsonNode wrong : wrongValues(type, field.getKey(), field.getValue())) {
                ObjectNode damaged = valid.deepCopy();
                damaged.set(field.getKey(), wrong);
                tried++;
                try {
                    Json.strict().readValue(damaged.toString(), type);
                    accepted.add(field.getKey() + "=" + wrong);
                } catch (JsonMappingException expected) {
                    // refused, as it must be
                }
            }
        }
        assertThat(tried).isPositive();
        assertThat(accepted).as("wrongly typed values that parsed").isEmpty();
    }

    @Test
    void appRequestValues() throws IOException {
        AppRequest app = Json.strict().readValue(RequestBodies.CREATE_APP, AppRequest.class);
        assertThat(app.name()).isEqualTo("payments");
        assertThat(app.description()).isEqualTo("signs invoices");
        assertThat(app.appType()).isEqualTo("default");
        assertThat(app.appInterface()).isEqualTo("JCE");
        assertThat(app.role()).isEqualTo(AppRole.CRYPTO);
        assertThat(app.enabled()).isTrue();
        assertThat(app.credential().certificate()).isEqualTo(Base64.getDecoder().decode(RequestBodies.CERT_B64));
        assertThat(app.credential().secret()).isNull();
        assertThat(app.addGroups().permissions()).containsExactly(
                Map.entry(GROUP, List.of(AppPermission.SIGN, AppPermission.VERIFY)));
        assertThat(app.modGroups().permissions()).containsExactly(
                Map.entry(RequestBodies.OTHER_GROUP, List.of(AppPermission.EXPORT)));
        assertThat(app.delGroups()).containsExactly(KID);
        assertThat(app.defaultGroup()).isEqualTo(GROUP);
        assertThat(app.secretSize()).isEqualTo(32L);
    }

    @Test
    void appCredentialsAndGroupsInEveryContractForm() throws IOException {
        AppRequest secret = Json.strict().readValue("{\"credential\":{\"secret\":{\"size\":64}}}", AppRequest.class);
        assertThat(secret.credential().secret()).isEqualTo(SecretCredentialRequest.generate(64L));
        AppRequest defaultSize = Json.strict().readValue("{\"credential\":{\"secret\":{}}}", AppRequest.class);
        assertThat(defaultSize.credential().secret()).isEqualTo(SecretCredentialRequest.generate(null));
        AppRequest existing = Json.strict().readValue("{\"credential\":{\"secret\":\"s3cr3t\"}}", AppRequest.class);
        assertThat(existing.credential().secret().existing()).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> Json.strict().readValue("{\"credential\":{\"secret\":{\"sise\":1}}}", AppRequest.class))
                .isInstanceOf(UnrecognizedPropertyException.class);

        String trustedCa = """
                {"credential":{"trustedca":{"subject":[["2.5.4.3","payments"]],"ca_certificates":["%s"]}}}
                """.formatted(RequestBodies.CERT_B64);
        assertThat(DsmContract.validate(CONTRACT.requestSchema("POST", "/sys/v1/apps"), trustedCa)).isEmpty();
        TrustedCaCredential ca = Json.strict().readValue(trustedCa, AppRequest.class).credential().trustedca();
        assertThat(ca.subject()).containsExactly(List.of("2.5.4.3", "payments"));
        assertThat(ca.caCertificates()).singleElement()
                .isEqualTo(Base64.getDecoder().decode(RequestBodies.CERT_B64));
        assertThat(ca.unsupportedFields()).isEmpty();

        String array = "{\"add_groups\":[\"" + GROUP + "\",\"" + KID + "\"]}";
        assertThat(DsmContract.validate(CONTRACT.requestSchema("POST", "/sys/v1/apps"), array)).isEmpty();
        Map<java.util.UUID, List<AppPermission>> permissions =
                Json.strict().readValue(array, AppRequest.class).addGroups().permissions();
        assertThat(permissions.keySet()).containsExactly(GROUP, KID);
        assertThat(permissions.values()).containsOnlyNulls();
        assertThatThrownBy(() -> Json.strict().readValue("{\"add_groups\":[\"" + GROUP + "\",\"" + GROUP + "\"]}",
                AppRequest.class)).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> Json.strict().readValue("{\"add_groups\":{\"" + GROUP + "\":[\"SIGNING\"]}}",
                AppRequest.class)).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> Json.strict().readValue("{\"add_groups\":{\"1-2-3-4-5\":[\"SIGN\"]}}",
                AppRequest.class)).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> Json.strict().readValue(
                "{\"add_groups\":{\"" + GROUP + "\":[\"SIGN\"],\"" + GROUP + "\":[]}}", AppRequest.class))
                .as("duplicate keys").isInstanceOf(IOException.class);
    }

    @Test
    void sobjectRequestValues() throws IOException {
        SobjectRequest key = Json.strict().readValue(RequestBodies.IMPORT_KEY, SobjectRequest.class);
        assertThat(key.name()).isEqualTo("data key");
        assertThat(key.description()).isEqualTo("AES-256");
        assertThat(key.objType()).isEqualTo(ObjectType.AES);
        assertThat(key.keySize()).isEqualTo(256L);
        assertThat(key.keyOps()).containsExactly(KeyOperation.ENCRYPT, KeyOperation.DECRYPT, KeyOperation.EXPORT);
        assertThat(key.enabled()).isTrue();
        assertThat(key.state()).isEqualTo(SobjectState.Active);
        assertThat(key.customMetadata()).containsExactly(Map.entry("purpose", "backups"));
        assertThat(key.groupId()).isEqualTo(GROUP);
        assertThat(key.value()).hasSize(32).startsWith(0, 1, 2).endsWith(31);
        assertThat(key.kcv()).isEqualTo("9F8E7D");
        assertThat(key.toString()).doesNotContain("AAECAw").contains("value=present");

        SobjectRequest ec = Json.strict().readValue(RequestBodies.GENERATE_EC_KEY, SobjectRequest.class);
        assertThat(ec.ellipticCurve()).isEqualTo(EllipticCurve.NistP384);
        SobjectRequest rsa = Json.strict().readValue(RequestBodies.GENERATE_RSA_KEY, SobjectRequest.class);
        assertThat(rsa.keySize()).isEqualTo(3072L);
        assertThat(rsa.pubExponent()).isEqualTo(65537L);
        assertThatThrownBy(() -> Json.strict().readValue("{\"custom_metadata\":{\"n\":5}}", SobjectRequest.class))
                .isInstanceOf(JsonMappingException.class);
    }

    @Test
    void unsupportedContractFieldsParseAndAreNamed() throws IOException {
        String generate = """
                {"name":"k","obj_type":"RSA","key_size":2048,"transient":true,
                 "rsa":{"encryption_policy":[{"padding":{"OAEP":{}}}]},"deterministic_signatures":false,
                 "links":{},"activation_date":"20260126T101500Z"}
                """;
        assertThat(DsmContract.validate(CONTRACT.requestSchema("POST", "/crypto/v1/keys"), generate)).isEmpty();
        assertThat(Json.strict().readValue(generate, SobjectRequest.class).unsupportedFields())
                .as("false and {} ask for nothing").containsExactly("activation_date", "rsa", "transient");

        String group = "{\"name\":\"g\",\"hmg_sync\":true,\"hmg_segregation\":false,\"add_hmg\":[{\"kind\":\"x\"}]}";
        assertThat(Json.strict().readValue(group, GroupRequest.class).unsupportedFields())
                .containsExactly("add_hmg", "hmg_sync");

        String app = "{\"credential\":{\"awsiam\":{}},\"credential_migration_period\":3600,\"oauth_config\":null}";
        assertThat(Json.strict().readValue(app, AppRequest.class).unsupportedFields())
                .as("a credential variant asks even when {}")
                .containsExactly("credential.awsiam", "credential_migration_period");
        assertThat(Json.strict().readValue("{\"credential_migration_period\":60}", AppResetSecretRequest.class)
                .unsupportedFields()).containsExactly("credential_migration_period");

        String encrypt = "{\"key\":{\"transient_key\":\"AAAA\"},\"alg\":\"RSA\",\"plain\":\"AAAA\",\"label\":\"AAAA\"}";
        assertThat(DsmContract.validate(CONTRACT.requestSchema("POST", "/crypto/v1/encrypt"), encrypt)).isEmpty();
        assertThat(Json.strict().readValue(encrypt, EncryptRequest.class).unsupportedFields())
                .containsExactly("key.transient_key", "label");
        String sign = "{\"key\":{\"inline\":{\"value\":\"AAAA\",\"obj_type\":\"EC\"}},\"data\":\"AAAA\","
                + "\"mode\":{\"variant\":\"PURE\"},\"context\":\"AAAA\",\"deterministic_signature\":true}";
        assertThat(Json.strict().readValue(sign, SignRequest.class).unsupportedFields())
                .containsExactly("key.inline", "mode.variant", "deterministic_signature", "context");
        assertThat(Json.strict().readValue("{\"cipher\":\"AAAA\",\"masked\":true}", DecryptRequest.class)
                .unsupportedFields()).containsExactly("masked");
    }

    @Test
    void descriptorIsExactlyOneOfKidAndName() throws IOException {
        assertThat(Json.strict().readValue(RequestBodies.BY_KID, SobjectDescriptor.class))
                .isEqualTo(SobjectDescriptor.byKid(KID));
        assertThat(Json.strict().readValue("{\"name\":\"data key\"}", SobjectDescriptor.class))
                .isEqualTo(SobjectDescriptor.byName("data key"));
        for (String ambiguous : List.of("{}", "{\"kid\":null}", "{\"kid\":\"" + KID + "\",\"name\":\"k\"}",
                "{\"name\":\"k\",\"transient_key\":\"AAAA\"}")) {
            assertThatThrownBy(() -> Json.strict().readValue(ambiguous, SobjectDescriptor.class)).as(ambiguous)
                    .isInstanceOf(JsonMappingException.class);
        }
    }

    @Test
    void cryptoRequestValues() throws IOException {
        EncryptRequest encrypt = Json.strict().readValue(RequestBodies.ENCRYPT_GCM, EncryptRequest.class);
        assertThat(encrypt.key()).isEqualTo(SobjectDescriptor.byKid(KID));
        assertThat(encrypt.alg()).isEqualTo(Algorithm.AES);
        assertThat(encrypt.plain()).asString().isEqualTo("hello");
        assertThat(encrypt.mode()).isEqualTo(CryptMode.of(CipherMode.GCM));
        assertThat(encrypt.iv()).hasSize(12).containsOnly(0);
        assertThat(encrypt.ad()).asString().isEqualTo("header");
        assertThat(encrypt.tagLen()).isEqualTo(128);

        DecryptRequest decrypt = Json.strict().readValue(RequestBodies.DECRYPT_OAEP, DecryptRequest.class);
        assertThat(decrypt.key()).isEqualTo(SobjectDescriptor.byName("rsa key"));
        assertThat(decrypt.alg()).isEqualTo(Algorithm.RSA);
        assertThat(decrypt.cipher()).asString().isEqualTo("secret");
        assertThat(decrypt.mode()).isEqualTo(CryptMode.rsaOaep(DigestAlgorithm.SHA256));
        assertThat(decrypt.tag()).asString().isEqualTo("tagtagtagtag");

        SignRequest sign = Json.strict().readValue(RequestBodies.SIGN_PSS, SignRequest.class);
        assertThat(sign.hashAlg()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(sign.data()).asString().isEqualTo("hello");
        assertThat(sign.hash()).isNull();
        assertThat(sign.mode()).isEqualTo(SignatureMode.rsaPss(DigestAlgorithm.SHA256));

        VerifyRequest verify = Json.strict().readValue(RequestBodies.VERIFY_PKCS1, VerifyRequest.class);
        assertThat(verify.hashAlg()).isEqualTo(DigestAlgorithm.SHA384);
        assertThat(verify.hash()).hasSize(48);
        assertThat(verify.mode()).isEqualTo(SignatureMode.rsaPkcs1V15());
        assertThat(verify.signature()).asString().isEqualTo("sig");
    }

    @Test
    void cryptModeIsACipherModeStringOrOneRsaPadding() throws IOException {
        assertThat(Json.strict().writeValueAsString(CryptMode.of(CipherMode.CBC))).isEqualTo("\"CBC\"");
        assertThat(Json.strict().writeValueAsString(CryptMode.rsaOaep(DigestAlgorithm.SHA1)))
                .isEqualTo("{\"OAEP\":{\"mgf\":{\"mgf1\":{\"hash\":\"SHA1\"}}}}");
        assertThat(Json.strict().readValue("{\"PKCS1_V15\":{}}", CryptMode.class).rsa().pkcs1V15()).isNotNull();
        for (String bad : List.of("\"gcm\"", "\"GCMX\"", "7", "{}", "{\"FOO\":{}}", "{\"PKCS1_V15\":{\"x\":1}}",
                "{\"OAEP\":{\"mgf\":{\"mgf1\":{\"hash\":\"SHA256\"}}},\"PKCS1_V15\":{}}",
                "{\"OAEP\":{\"mgf\":{\"mgf1\":{\"hash\":\"MD5\"}}}}")) {
            assertThatThrownBy(() -> Json.strict().readValue(bad, CryptMode.class)).as(bad)
                    .isInstanceOf(IOException.class);
        }
    }

    /** The strict mapper's scalar rules that the new records rely on. */
    @Test
    void idsBinaryAndEnumsAreStrict() {
        for (String bad : List.of("{\"kid\":\"1-2-3-4-5\"}", "{\"kid\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}",
                "{\"kid\":\"" + KID + " \"}", "{\"kid\":7}")) {
            assertThatThrownBy(() -> Json.strict().readValue(bad, SobjectDescriptor.class)).as(bad)
                    .isInstanceOf(JsonMappingException.class);
        }
        for (String plain : List.of("\"aGVsbG8\"", "\"aGVs bG8=\"", "\"aGVs\\nbG8=\"", "\"aGVsbG8_\"", "[104]")) {
            assertThatThrownBy(() -> Json.strict().readValue("{\"cipher\":" + plain + "}", DecryptRequest.class))
                    .as(plain).isInstanceOf(JsonMappingException.class);
        }
        assertThatThrownBy(() -> Json.strict().readValue("{\"obj_type\":0}", SobjectRequest.class))
                .as("enum by index").isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> Json.strict().readValue("{\"obj_type\":\"aes\"}", SobjectRequest.class))
                .as("enum case").isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> Json.strict().readValue("{\"role\":\"ADMIN\"}", AppRequest.class))
                .as("app role is lower case").isInstanceOf(JsonMappingException.class);
    }

    /** Values of the wrong JSON type for a field, plus invalid values of the right type for typed strings. */
    private static List<JsonNode> wrongValues(Class<?> type, String jsonName, JsonNode valid) throws IOException {
        Class<?> javaType = componentType(type, jsonName);
        if (javaType == JsonNode.class) {
            return List.of(); // parses anything by design: an unsupported field, refused by name
        }
        List<String> wrong = new ArrayList<>();
        if (valid.isTextual()) {
            wrong.addAll(List.of("7", "true", "{}", "[\"x\"]"));
            if (javaType == java.util.UUID.class || javaType == byte[].class || javaType.isEnum()) {
                wrong.add("\"not valid!\"");
            }
        } else if (valid.isNumber()) {
            wrong.addAll(List.of("\"7\"", "7.5", "true", "[7]"));
        } else if (valid.isBoolean()) {
            wrong.addAll(List.of("\"true\"", "1", "[true]"));
        } else if (valid.isArray()) {
            wrong.addAll(List.of("\"x\"", "7", "[7]"));
        } else if (valid.isObject()) {
            wrong.addAll(List.of("\"x\"", "7", "true", "{\"no_such_field\":1}"));
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (String json : wrong) {
            nodes.add(Json.strict().readTree(json));
        }
        return nodes;
    }

    private static Class<?> componentType(Class<?> type, String jsonName) {
        for (RecordComponent component : type.getRecordComponents()) {
            com.fasterxml.jackson.annotation.JsonProperty explicit = field(type, component.getName())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            String name = explicit != null ? explicit.value()
                    : component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            if (name.equals(jsonName)) {
                return component.getType();
            }
        }
        throw new AssertionError(type.getSimpleName() + " has no field " + jsonName);
    }

    private static java.lang.reflect.Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> jsonNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (BeanPropertyDefinition property : Json.strict().getDeserializationConfig()
                .introspect(Json.strict().constructType(type)).findProperties()) {
            names.add(property.getName());
        }
        return names;
    }
}
