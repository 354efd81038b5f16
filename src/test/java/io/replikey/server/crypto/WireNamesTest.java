package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.server.error.BadRequestException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The crypto enums spell their values exactly as the DSM OpenAPI text's schemas do. */
class WireNamesTest {
    private static JsonNode schemas;

    @BeforeAll
    static void readContract() throws Exception {
        try (InputStream in = WireNamesTest.class.getClassLoader().getResourceAsStream("dsm/dsm-openapi-subset.json")) {
            schemas = new ObjectMapper().readTree(in).path("components").path("schemas");
        }
    }

    private static List<String> schemaEnum(String schema) {
        List<String> values = new ArrayList<>();
        schemas.path(schema).path("enum").forEach(value -> values.add(value.asText()));
        assertThat(values).as("enum of %s", schema).isNotEmpty();
        return values;
    }

    private static <E extends Enum<E>> List<String> wireNames(Class<E> type, Function<E, String> name) {
        return Arrays.stream(type.getEnumConstants()).map(name).toList();
    }

    @Test
    void keyOperationsAreExactlyDsmsKeyOperations() {
        assertThat(wireNames(KeyOperation.class, KeyOperation::wireName)).containsExactlyElementsOf(schemaEnum("KeyOperations"));
    }

    @Test
    void supportedValuesAreSpelledAsInTheContract() {
        assertThat(schemaEnum("ObjectType")).containsAll(wireNames(ObjectType.class, ObjectType::wireName));
        assertThat(schemaEnum("EllipticCurve")).containsAll(wireNames(EllipticCurve.class, EllipticCurve::wireName));
        assertThat(schemaEnum("DigestAlgorithm")).containsAll(wireNames(DigestAlgorithm.class, DigestAlgorithm::wireName));
        assertThat(schemaEnum("CipherMode")).containsAll(wireNames(AesCipher.Mode.class, Enum::name));
    }

    @Test
    void parsingIsExactAndRefusalsAreBadRequests() {
        for (KeyOperation operation : KeyOperation.values()) {
            assertThat(KeyOperation.parse(operation.wireName())).isEqualTo(operation);
        }
        for (EllipticCurve curve : EllipticCurve.values()) {
            assertThat(EllipticCurve.parse(curve.wireName())).isEqualTo(curve);
        }
        assertThat(ObjectType.parse("CERTIFICATE")).isEqualTo(ObjectType.CERTIFICATE);
        assertThat(DigestAlgorithm.parse("SHA384")).isEqualTo(DigestAlgorithm.SHA384);
        assertRefused(() -> ObjectType.parse("aes"), "obj_type must be one of AES, RSA, EC, HMAC, SECRET, OPAQUE, CERTIFICATE");
        assertRefused(() -> ObjectType.parse("DES3"), "obj_type must be one of");
        assertRefused(() -> ObjectType.parse(null), "obj_type must be one of");
        assertRefused(() -> KeyOperation.parse("sign"), "key_ops holds an operation DSM does not define");
        assertRefused(() -> EllipticCurve.parse("SecP256K1"), "elliptic_curve must be one of NistP256, NistP384, NistP521");
        assertRefused(() -> EllipticCurve.parse("NIST_P256"), "elliptic_curve must be one of");
        assertRefused(() -> DigestAlgorithm.parse("SHA3_256"), "hash algorithm must be one of SHA1, SHA256, SHA384, SHA512");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(BadRequestException.class).hasMessageStartingWith(message);
    }
}
