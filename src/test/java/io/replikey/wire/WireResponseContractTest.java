package io.replikey.wire;

import static io.replikey.wire.WireSamples.APP;
import static io.replikey.wire.WireSamples.DER;
import static io.replikey.wire.WireSamples.KID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replikey.testing.DsmContract;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response record of issue 6, fully populated and serialised by {@link Json#strict()},
 * validates against the response schema the DSM contract gives its operation, and writes no key
 * the contract does not declare (the contract's objects accept extra keys, so a misspelt field
 * would otherwise pass).
 */
class WireResponseContractTest {
    private static final DsmContract CONTRACT = DsmContract.get();
    /** Keys replikey writes that the contract's schema lacks but DSM sends (see {@link Sobject}). */
    private static final List<String> KNOWN_EXTRAS = List.of("/lastused_at", "/items/0/lastused_at",
            "/items/1/lastused_at", "/0/lastused_at");

    static Stream<Arguments> responses() {
        String app = "/sys/v1/apps/" + APP;
        String group = "/sys/v1/groups/" + WireSamples.GROUP;
        return Stream.of(
                Arguments.of("POST", "/sys/v1/apps", WireSamples.app(AppAuthType.Secret, null), false),
                Arguments.of("GET", app, WireSamples.app(AppAuthType.Certificate, WireSamples.CREATED), true),
                Arguments.of("PATCH", app, WireSamples.app(AppAuthType.TrustedCa, WireSamples.USED), true),
                Arguments.of("POST", app + "/reset_secret", WireSamples.app(AppAuthType.Secret, null), false),
                Arguments.of("GET", "/sys/v1/apps", new ListAppsResponse(
                        List.of(WireSamples.app(AppAuthType.Secret, null)), WireSamples.metadata()), true),
                Arguments.of("GET", "/sys/v1/apps", List.of(WireSamples.app(AppAuthType.Secret, null)), false),
                Arguments.of("GET", app + "/credential",
                        new AppCredentialResponse(APP, AppCredential.ofSecret("c2VjcmV0IG9mIDMyIGJ5dGVz")), true),
                Arguments.of("GET", app + "/credential", new AppCredentialResponse(APP, AppCredential.ofCertificate(DER)),
                        true),
                Arguments.of("GET", app + "/credential",
                        new AppCredentialResponse(APP, AppCredential.ofTrustedCa(WireSamples.trustedCa())), true),
                Arguments.of("POST", "/sys/v1/groups", WireSamples.group(), true),
                Arguments.of("GET", group, WireSamples.group(), true),
                Arguments.of("PATCH", group, WireSamples.group(), true),
                Arguments.of("GET", "/sys/v1/groups",
                        new ListGroupsResponse(List.of(WireSamples.group()), WireSamples.metadata()), true),
                Arguments.of("GET", "/sys/v1/groups", List.of(WireSamples.group()), false),
                Arguments.of("POST", "/crypto/v1/keys", WireSamples.ecKey(), false),
                Arguments.of("PUT", "/crypto/v1/keys", WireSamples.exportedAesKey().withoutValue(), false),
                Arguments.of("PATCH", "/crypto/v1/keys/" + KID, WireSamples.ecKey(), false),
                Arguments.of("POST", "/crypto/v1/keys/info", WireSamples.ecKey(), false),
                Arguments.of("POST", "/crypto/v1/keys/export", WireSamples.exportedEcKey(), true),
                Arguments.of("POST", "/crypto/v1/keys/export", WireSamples.exportedAesKey(), false),
                Arguments.of("GET", "/crypto/v1/keys", new ListSobjectsResponse(new ListSobjectsResponse.Metadata(2L, 2L),
                        List.of(WireSamples.ecKey(), WireSamples.exportedAesKey().withoutValue())), true),
                Arguments.of("GET", "/crypto/v1/keys", List.of(WireSamples.ecKey()), false),
                Arguments.of("POST", "/crypto/v1/encrypt", new EncryptResponse(KID, DER, new byte[12], new byte[16]),
                        true),
                Arguments.of("POST", "/crypto/v1/decrypt", new DecryptResponse(KID, DER), true),
                Arguments.of("POST", "/crypto/v1/sign", new SignResponse(KID, DER), true),
                Arguments.of("POST", "/crypto/v1/verify", new VerifyResponse(KID, false), true),
                Arguments.of("GET", "/sys/v1/accounts/" + WireSamples.ACCT + "/replication/recent_scan_summary",
                        WireSamples.scanSummary(), true),
                Arguments.of("GET", "/sys/v1/accounts/" + WireSamples.ACCT + "/replication/recent_scan_summary",
                        new RecentScanSummary(null, null, null), false));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("responses")
    void serialisedRecordConformsToTheOperationsResponseSchema(String method, String path, Object response,
            boolean fullyPopulated) throws IOException {
        JsonNode body = Json.strict().readTree(Json.strict().writeValueAsString(response));

        assertThat(DsmContract.validate(CONTRACT.responseSchema(method, path, 200), body)).as(body.toString()).isEmpty();
        assertThat(CONTRACT.undeclaredResponseKeys(method, path, 200, body)).as(body.toString())
                .allMatch(KNOWN_EXTRAS::contains);
        if (fullyPopulated) {
            assertThat(body.properties()).extracting(java.util.Map.Entry::getKey).as("every field is written")
                    .containsExactlyInAnyOrderElementsOf(jsonNames(response.getClass()));
        }
    }

    /** Shows the checks have teeth: a conforming body, damaged one way at a time, fails. */
    @Test
    void damagedBodiesFail() {
        ObjectNode key = Json.strict().valueToTree(WireSamples.exportedEcKey());
        String export = "/crypto/v1/keys/export";
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", export, 200), key)).isEmpty();
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", export, 200), key.deepCopy().without("origin")))
                .anyMatch(message -> message.contains("origin"));
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", export, 200),
                key.deepCopy().put("elliptic_curve", "P256"))).anyMatch(message -> message.contains("elliptic_curve"));
        assertThat(CONTRACT.undeclaredResponseKeys("POST", export, 200, key.deepCopy().put("keySize", 256)))
                .filteredOn(where -> !KNOWN_EXTRAS.contains(where)).containsExactly("/keySize");

        ObjectNode app = Json.strict().valueToTree(WireSamples.app(AppAuthType.Secret, null));
        String apps = "/sys/v1/apps";
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", apps, 200), app.deepCopy().put("role", "root")))
                .anyMatch(message -> message.contains("role"));
        ObjectNode badCreator = app.deepCopy();
        badCreator.putObject("creator").put("app", "not-a-uuid");
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", apps, 200), badCreator))
                .anyMatch(message -> message.contains("creator"));
        ObjectNode badPermission = app.deepCopy();
        badPermission.putObject("groups").putArray(WireSamples.GROUP.toString()).add("SIGNING");
        assertThat(DsmContract.validate(CONTRACT.responseSchema("POST", apps, 200), badPermission))
                .anyMatch(message -> message.contains("groups"));
        assertThat(CONTRACT.undeclaredResponseKeys("POST", apps, 200, app.deepCopy().put("interface_", "JCE")))
                .containsExactly("/interface_");
    }

    @Test
    void principalsAreWrittenAsTheContractSpellsThem() throws IOException {
        assertThat(Json.strict().writeValueAsString(Principal.app(APP))).isEqualTo("{\"app\":\"" + APP + "\"}");
        assertThat(Json.strict().writeValueAsString(Principal.user(APP))).isEqualTo("{\"user\":\"" + APP + "\"}");
        assertThat(Json.strict().writeValueAsString(Principal.system())).isEqualTo("\"system\"");
        for (Principal principal : List.of(Principal.app(APP), Principal.user(KID), Principal.system())) {
            assertThat(Json.lenient().readValue(Json.strict().writeValueAsString(principal), Principal.class))
                    .isEqualTo(principal);
        }
    }

    private static List<String> jsonNames(Class<?> type) {
        return Json.strict().getSerializationConfig().introspect(Json.strict().constructType(type)).findProperties()
                .stream().map(BeanPropertyDefinition::getName).toList();
    }
}
