package io.replikey.e2e;

import static io.replikey.e2e.GroupsApiTest.valid;
import static io.replikey.e2e.GroupsApiTest.validAs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.testing.AccountSession;
import io.replikey.testing.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /crypto/v1/keys} over real HTTPS: every generated and imported type, the listing and its
 * paging, PATCH and DELETE, export rules, name conflicts, isolation between accounts and the
 * read-only replication account. Every 2xx body is validated against the DSM contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityObjectsApiTest {
    private static final int MANY_OBJECTS = 2_500;
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private TestServer server;
    private AccountSession owner;
    private String groupId;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        owner = AccountSession.newStandardAccount(server);
        groupId = newGroup(owner);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static String newGroup(AccountSession session) {
        return session.call("POST", "/sys/v1/groups", Map.of("name", "group-" + UUID.randomUUID()), 200)
                .get("group_id").asText();
    }

    static Map<String, Object> request(String groupId, Object... fields) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "key-" + UUID.randomUUID());
        body.put("group_id", groupId);
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"AES,128,", "AES,192,", "AES,256,", "RSA,2048,", "RSA,3072,", "RSA,4096,", "EC,,NistP256",
            "EC,,NistP384", "EC,,NistP521", "HMAC,256,", "SECRET,512,"})
    void generatesEveryType(String type, Integer keySize, String curve) throws Exception {
        Map<String, Object> body = request(groupId, "obj_type", type, "description", "generated");
        if (keySize != null) {
            body.put("key_size", keySize);
        }
        if (curve != null) {
            body.put("elliptic_curve", curve);
        }
        JsonNode key = valid(owner, "POST", "/crypto/v1/keys", body);
        assertThat(key.get("obj_type").asText()).isEqualTo(type);
        assertThat(key.get("acct_id").asText()).isEqualTo(owner.acctId().toString());
        assertThat(key.get("group_id").asText()).isEqualTo(groupId);
        assertThat(key.get("enabled").asBoolean()).isTrue();
        assertThat(key.get("state").asText()).isEqualTo("Active");
        assertThat(key.get("origin").asText()).isEqualTo("FortanixHSM");
        assertThat(key.get("creator").has("user")).isTrue();
        assertThat(key.get("created_at").asText()).matches("\\d{8}T\\d{6}Z");
        assertThat(key.has("value")).as("no material outside export").isFalse();
        assertThat(key.get("key_ops").toString()).doesNotContain("EXPORT");
        switch (type) {
            case "AES" -> {
                assertThat(key.get("key_size").asInt()).isEqualTo(keySize);
                assertThat(key.get("kcv").asText()).matches("[0-9a-f]{6}");
                assertThat(key.has("pub_key")).isFalse();
            }
            case "RSA" -> assertThat(((RSAPublicKey) publicKey("RSA", key)).getModulus().bitLength())
                    .isEqualTo(keySize);
            case "EC" -> {
                assertThat(key.get("elliptic_curve").asText()).isEqualTo(curve);
                assertThat(((ECPublicKey) publicKey("EC", key)).getParams().getCurve().getField().getFieldSize())
                        .isEqualTo(Integer.parseInt(curve.substring("NistP".length())));
            }
            default -> assertThat(key.get("key_size").asInt()).isEqualTo(keySize);
        }
        JsonNode read = validAs(owner, "GET", "/crypto/v1/keys/" + key.get("kid").asText(), null, "POST",
                "/crypto/v1/keys/info");
        assertThat(read).isEqualTo(key);
        assertThat(valid(owner, "POST", "/crypto/v1/keys/info", Map.of("name", key.get("name").asText())))
                .isEqualTo(key);
    }

    static PublicKey publicKey(String algorithm, JsonNode key) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(key.get("pub_key").asText())));
    }

    @Test
    void importsEveryTypeAndExportsExactlyWhatWasImported() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ecPair = ec.generateKeyPair();
        byte[] certificate = new JcaX509v3CertificateBuilder(new X500Name("CN=imported"), BigInteger.TEN,
                Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2036-01-01T00:00:00Z")),
                new X500Name("CN=imported"), ecPair.getPublic())
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(ecPair.getPrivate())).getEncoded();
        Map<String, byte[]> values = Map.of("AES", random(32), "HMAC", random(48), "SECRET", random(100),
                "OPAQUE", random(7), "RSA", rsaPair.getPrivate().getEncoded(), "EC", ecPair.getPrivate().getEncoded(),
                "CERTIFICATE", certificate);
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            String type = entry.getKey();
            JsonNode key = valid(owner, "PUT", "/crypto/v1/keys", request(groupId, "obj_type", type,
                    "value", B64.encodeToString(entry.getValue()), "key_ops", List.of("EXPORT", "APPMANAGEABLE")));
            assertThat(key.get("obj_type").asText()).as(type).isEqualTo(type);
            assertThat(key.get("origin").asText()).isEqualTo("External");
            assertThat(key.has("value")).isFalse();
            JsonNode exported = valid(owner, "POST", "/crypto/v1/keys/export", Map.of("kid", key.get("kid").asText()));
            assertThat(Base64.getDecoder().decode(exported.get("value").asText())).as(type)
                    .isEqualTo(entry.getValue());
        }
        JsonNode rsaKey = valid(owner, "PUT", "/crypto/v1/keys", request(groupId, "obj_type", "RSA",
                "value", B64.encodeToString(rsaPair.getPublic().getEncoded())));
        assertThat(rsaKey.get("public_only").asBoolean()).isTrue();
        assertThat(rsaKey.get("key_size").asInt()).isEqualTo(2048);
        assertThat(Base64.getDecoder().decode(rsaKey.get("pub_key").asText()))
                .isEqualTo(rsaPair.getPublic().getEncoded());

        owner.refused("PUT", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "value",
                B64.encodeToString(random(15))), 400, "value must be");
        owner.refused("PUT", "/crypto/v1/keys", request(groupId, "obj_type", "RSA", "value",
                B64.encodeToString(random(300))), 400, "");
        owner.refused("PUT", "/crypto/v1/keys", request(groupId, "obj_type", "AES"), 400, "value is required");
        owner.refused("POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", 128, "value",
                B64.encodeToString(random(16))), 400, "only accepted when importing");
    }

    @Test
    void exportNeedsTheExportOperation() {
        JsonNode sealed = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", 256));
        String kid = sealed.get("kid").asText();
        owner.refused("POST", "/crypto/v1/keys/export", Map.of("kid", kid), 403, "does not permit EXPORT");
        owner.refused("POST", "/crypto/v1/keys/" + kid + "/export", null, 403, "does not permit EXPORT");

        JsonNode opened = valid(owner, "PATCH", "/crypto/v1/keys/" + kid,
                Map.of("key_ops", List.of("ENCRYPT", "DECRYPT", "EXPORT")));
        assertThat(opened.get("key_ops").toString()).contains("EXPORT");
        assertThat(opened.has("value")).isFalse();
        JsonNode exported = validAs(owner, "POST", "/crypto/v1/keys/" + kid + "/export", null, "POST",
                "/crypto/v1/keys/export");
        assertThat(Base64.getDecoder().decode(exported.get("value").asText())).hasSize(32);
        assertThat(exported.get("kcv")).isEqualTo(sealed.get("kcv"));
    }

    @Test
    void updateAndDelete() {
        JsonNode key = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "HMAC", "key_size", 256,
                "custom_metadata", Map.of("a", "1")));
        String kid = key.get("kid").asText();
        JsonNode patched = valid(owner, "PATCH", "/crypto/v1/keys/" + kid,
                Map.of("description", "rotated", "enabled", false));
        assertThat(patched.get("description").asText()).isEqualTo("rotated");
        assertThat(patched.get("enabled").asBoolean()).isFalse();
        assertThat(patched.get("name")).isEqualTo(key.get("name"));
        assertThat(patched.get("custom_metadata")).isEqualTo(key.get("custom_metadata"));
        owner.refused("PATCH", "/crypto/v1/keys/" + kid, Map.of("key_size", 512), 400, "cannot be changed");
        owner.refused("PATCH", "/crypto/v1/keys/" + kid, Map.of("key_ops", List.of("SIGN")), 400, "do not apply");
        owner.call("DELETE", "/crypto/v1/keys/" + kid, null, 204);
        owner.refused("GET", "/crypto/v1/keys/" + kid, null, 404, "security object not found");
        owner.refused("DELETE", "/crypto/v1/keys/" + kid, null, 404, "security object not found");
    }

    @Test
    void namesAreUniquePerAccountAndAGroupHoldingObjectsStays() {
        String group = newGroup(owner);
        Map<String, Object> body = request(group, "obj_type", "SECRET", "key_size", 128);
        valid(owner, "POST", "/crypto/v1/keys", body);
        owner.refused("POST", "/crypto/v1/keys", body, 409, "already exists");
        owner.refused("DELETE", "/sys/v1/groups/" + group, null, 409, "holds security objects");

        AccountSession stranger = AccountSession.newStandardAccount(server);
        valid(stranger, "POST", "/crypto/v1/keys", request(newGroup(stranger), "obj_type", "SECRET", "key_size", 128,
                "name", body.get("name")));
    }

    @Test
    void anotherAccountsObjectAnswersExactlyAsAMissingOne() {
        JsonNode key = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", 128,
                "key_ops", List.of("ENCRYPT", "EXPORT")));
        String kid = key.get("kid").asText();
        AccountSession stranger = AccountSession.newStandardAccount(server);
        String strangerGroup = newGroup(stranger);
        String missing = UUID.randomUUID().toString();
        for (String[] call : new String[][] {{"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"POST", "/export"},
                {"POST", "/encrypt"}}) {
            Object body = switch (call[0] + call[1]) {
                case "PATCH" -> Map.of("description", "stolen");
                case "POST/encrypt" -> Map.of("alg", "AES", "mode", "GCM", "plain", B64.encodeToString(random(4)));
                default -> null;
            };
            var foreign = stranger.send(call[0], "/crypto/v1/keys/" + kid + call[1], body);
            var absent = stranger.send(call[0], "/crypto/v1/keys/" + missing + call[1], body);
            assertThat(foreign.status()).as(call[0] + call[1]).isEqualTo(404);
            assertThat(foreign.body()).isEqualTo(absent.body());
        }
        stranger.refused("POST", "/crypto/v1/keys/info", Map.of("kid", kid), 404, "security object not found");
        stranger.refused("POST", "/crypto/v1/keys/export", Map.of("name", key.get("name").asText()), 404,
                "security object not found");
        stranger.refused("POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", 128), 404,
                "group not found");
        assertThat(stranger.call("GET", "/crypto/v1/keys", null, 200)).isEmpty();
        assertThat(stranger.call("GET", "/crypto/v1/keys?group_id=" + groupId, null, 200)).isEmpty();
        assertThat(strangerGroup).isNotEqualTo(groupId);
        assertThat(owner.call("GET", "/crypto/v1/keys/" + kid, null, 200).get("description")).isNull();
    }

    @Test
    void aReplicationAccountsObjectsAreReadOnlyUntilFailover() {
        AccountSession replica = AccountSession.newReplicationAccount(server);
        replica.refused("POST", "/crypto/v1/keys", request(UUID.randomUUID().toString(), "obj_type", "AES",
                "key_size", 128), 409, "read-only until failover");
        assertThat(replica.call("GET", "/crypto/v1/keys", null, 200)).isEmpty();
    }

    @Test
    void listingFiltersSortsAndPagesEveryObjectExactlyOnce() {
        AccountSession lister = AccountSession.newStandardAccount(server);
        String first = newGroup(lister);
        String second = newGroup(lister);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < MANY_OBJECTS; i++) {
            String type = i % 10 == 0 ? "SECRET" : "AES";
            expected.add(lister.call("POST", "/crypto/v1/keys", request(i % 2 == 0 ? first : second,
                    "name", String.format("obj-%05d", i), "obj_type", type, "key_size", 128), 200)
                    .get("kid").asText());
        }
        JsonNode all = valid(lister, "GET", "/crypto/v1/keys", null);
        assertThat(all).as("default limit 1000").hasSize(1000);

        JsonNode filtered = valid(lister, "GET", "/crypto/v1/keys?with_metadata=true&obj_type=SECRET&group_id="
                + first + "&limit=5", null);
        assertThat(filtered.at("/metadata/total_count").asLong()).isEqualTo(MANY_OBJECTS);
        assertThat(filtered.at("/metadata/filtered_count").asLong()).isEqualTo(MANY_OBJECTS / 10);
        filtered.get("items").forEach(item -> {
            assertThat(item.get("obj_type").asText()).isEqualTo("SECRET");
            assertThat(item.get("group_id").asText()).isEqualTo(first);
        });
        assertThat(valid(lister, "GET", "/crypto/v1/keys?name=obj-00007", null).get(0).get("name").asText())
                .isEqualTo("obj-00007");

        List<String> byOffset = new ArrayList<>();
        for (int offset = 0; offset < MANY_OBJECTS + 1000; offset += 1000) {
            byOffset.addAll(kids(lister.call("GET", "/crypto/v1/keys?sort=name:desc&offset=" + offset, null, 200)));
        }
        assertThat(byOffset).hasSize(MANY_OBJECTS).containsExactlyInAnyOrderElementsOf(expected);

        for (String sort : List.of("kid:asc", "kid:desc", "name:asc")) {
            List<String> byStart = new ArrayList<>();
            String path = "/crypto/v1/keys?limit=700&sort=" + sort;
            while (true) {
                JsonNode page = lister.call("GET", path, null, 200);
                List<String> kids = kids(page);
                // DSM's start is inclusive: every page after the first repeats the previous last object.
                byStart.addAll(byStart.isEmpty() ? kids : kids.subList(1, kids.size()));
                if (kids.size() < 700) {
                    break;
                }
                JsonNode last = page.get(page.size() - 1);
                path = "/crypto/v1/keys?limit=700&sort=" + sort + "&start="
                        + (sort.startsWith("kid") ? last.get("kid").asText() : last.get("name").asText());
            }
            assertThat(byStart).as(sort).hasSize(MANY_OBJECTS).containsExactlyInAnyOrderElementsOf(expected);
            List<String> ordered = new ArrayList<>(byStart);
            ordered.sort(sort.equals("kid:desc") ? java.util.Comparator.reverseOrder()
                    : java.util.Comparator.naturalOrder());
            if (sort.startsWith("kid")) {
                assertThat(byStart).as("listed in %s order", sort).isEqualTo(ordered);
            }
        }
        lister.refused("GET", "/crypto/v1/keys?sort=size:asc", null, 400, "sort must be");
        lister.refused("GET", "/crypto/v1/keys?sort=kid:asc&start=not-a-kid", null, 400, "start");
        lister.refused("GET", "/crypto/v1/keys?obj_type=DES", null, 400, "obj_type");
        lister.refused("GET", "/crypto/v1/keys?with_metadata=yes", null, 400, "with_metadata");
        lister.refused("GET", "/crypto/v1/keys?limit=1001", null, 400, "limit");
    }

    /** Objects created and deleted between pages do not make paging by start skip or repeat one that stays. */
    @Test
    void pagingByStartSurvivesChurn() {
        AccountSession churner = AccountSession.newStandardAccount(server);
        String group = newGroup(churner);
        Set<String> stable = new HashSet<>();
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            stable.add(churner.call("POST", "/crypto/v1/keys", request(group, "obj_type", "SECRET", "key_size", 64),
                    200).get("kid").asText());
            if (i % 3 == 0) {
                doomed.add(churner.call("POST", "/crypto/v1/keys", request(group, "obj_type", "SECRET",
                        "key_size", 64), 200).get("kid").asText());
            }
        }
        List<String> listed = new ArrayList<>();
        String path = "/crypto/v1/keys?sort=kid:asc&limit=40";
        while (true) {
            List<String> page = kids(churner.call("GET", path, null, 200));
            String previous = listed.isEmpty() ? null : listed.get(listed.size() - 1);
            // start is inclusive: the page repeats the previous page's last object, unless it was deleted.
            listed.addAll(!page.isEmpty() && page.get(0).equals(previous) ? page.subList(1, page.size()) : page);
            for (int i = 0; i < 5 && !doomed.isEmpty(); i++) {
                churner.call("DELETE", "/crypto/v1/keys/" + doomed.remove(doomed.size() - 1), null, 204);
                churner.call("POST", "/crypto/v1/keys", request(group, "obj_type", "SECRET", "key_size", 64), 200);
            }
            if (page.size() < 40) {
                break;
            }
            path = "/crypto/v1/keys?sort=kid:asc&limit=40&start=" + page.get(page.size() - 1);
        }
        assertThat(new HashSet<>(listed)).as("no object twice").hasSize(listed.size());
        assertThat(listed).as("every object that existed throughout").containsAll(stable);
    }

    static List<String> kids(JsonNode objects) {
        List<String> kids = new ArrayList<>();
        objects.forEach(object -> kids.add(object.get("kid").asText()));
        return kids;
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
