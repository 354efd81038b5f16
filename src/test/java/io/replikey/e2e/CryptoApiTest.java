package io.replikey.e2e;

import static io.replikey.e2e.GroupsApiTest.valid;
import static io.replikey.e2e.GroupsApiTest.validAs;
import static io.replikey.e2e.SecurityObjectsApiTest.newGroup;
import static io.replikey.e2e.SecurityObjectsApiTest.random;
import static io.replikey.e2e.SecurityObjectsApiTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.testing.AccountSession;
import io.replikey.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /crypto/v1/encrypt|decrypt|sign|verify} over real HTTPS, cross-checked with independent
 * implementations: what the API makes, the JDK alone (and for one RSA and one EC key the
 * {@code openssl} tool) decrypts or verifies, and the other way round. Also the refusals
 * ({@code key_ops}, disabled keys) and {@code lastused_at}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CryptoApiTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private TestServer server;
    private AccountSession owner;
    private String groupId;
    @TempDir
    Path work;

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

    /** An AES key made by the API that the test may export, with its material. */
    private record AesKey(String kid, byte[] material) {
    }

    private AesKey aesKey(int bits) {
        String kid = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", bits,
                "key_ops", List.of("ENCRYPT", "DECRYPT", "EXPORT"))).get("kid").asText();
        byte[] material = B64D.decode(valid(owner, "POST", "/crypto/v1/keys/export", Map.of("kid", kid))
                .get("value").asText());
        return new AesKey(kid, material);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 192, 256})
    void aesGcmBothWaysWithTheJdk(int bits) throws Exception {
        AesKey key = aesKey(bits);
        byte[] plain = random(1000);
        byte[] ad = random(20);
        JsonNode encrypted = valid(owner, "POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", key.kid()),
                "alg", "AES", "mode", "GCM", "plain", b64(plain), "ad", b64(ad), "tag_len", 96));
        byte[] iv = B64D.decode(encrypted.get("iv").asText());
        byte[] tag = B64D.decode(encrypted.get("tag").asText());
        assertThat(iv).as("a random 96-bit IV").hasSize(12);
        assertThat(tag).hasSize(12);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(96, iv));
        jdk.updateAAD(ad);
        assertThat(jdk.doFinal(concat(B64D.decode(encrypted.get("cipher").asText()), tag))).isEqualTo(plain);

        byte[] jdkIv = random(12);
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, jdkIv));
        jdk.updateAAD(ad);
        byte[] sealed = jdk.doFinal(plain);
        Map<String, Object> decrypt = new HashMap<>(Map.of("key", Map.of("kid", key.kid()), "alg", "AES",
                "mode", "GCM", "iv", b64(jdkIv), "ad", b64(ad),
                "cipher", b64(Arrays.copyOf(sealed, sealed.length - 16)),
                "tag", b64(Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length))));
        JsonNode decrypted = valid(owner, "POST", "/crypto/v1/decrypt", decrypt);
        assertThat(B64D.decode(decrypted.get("plain").asText())).isEqualTo(plain);
        assertThat(decrypted.get("kid").asText()).isEqualTo(key.kid());

        decrypt.put("ad", b64(random(20)));
        owner.refused("POST", "/crypto/v1/decrypt", decrypt, 400, "");
    }

    @Test
    void aesCbcBothWaysWithTheJdkAndThePerKeyPath() throws Exception {
        AesKey key = aesKey(256);
        byte[] plain = random(33);
        JsonNode encrypted = validAs(owner, "POST", "/crypto/v1/keys/" + key.kid() + "/encrypt",
                Map.of("alg", "AES", "mode", "CBC", "plain", b64(plain)), "POST", "/crypto/v1/encrypt");
        byte[] iv = B64D.decode(encrypted.get("iv").asText());
        assertThat(iv).hasSize(16);
        assertThat(encrypted.has("tag")).isFalse();
        Cipher jdk = Cipher.getInstance("AES/CBC/PKCS5Padding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new IvParameterSpec(iv));
        assertThat(jdk.doFinal(B64D.decode(encrypted.get("cipher").asText()))).isEqualTo(plain);

        byte[] jdkIv = random(16);
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new IvParameterSpec(jdkIv));
        JsonNode decrypted = validAs(owner, "POST", "/crypto/v1/keys/" + key.kid() + "/decrypt",
                Map.of("alg", "AES", "mode", "CBC", "iv", b64(jdkIv), "cipher", b64(jdk.doFinal(plain))),
                "POST", "/crypto/v1/decrypt");
        assertThat(B64D.decode(decrypted.get("plain").asText())).isEqualTo(plain);

        owner.refused("POST", "/crypto/v1/keys/" + key.kid() + "/encrypt", Map.of("key", Map.of("kid", key.kid()),
                "alg", "AES", "mode", "CBC", "plain", b64(plain)), 400, "the path names the key");
    }

    @ParameterizedTest
    @CsvSource({"2048,SHA1", "2048,SHA256", "3072,SHA256", "4096,SHA1"})
    void rsaOaepBothWaysWithTheJdk(int bits, String hash) throws Exception {
        KeyPair pair = rsaPair(bits);
        String kid = importKey("RSA", pair.getPrivate().getEncoded(), List.of("ENCRYPT", "DECRYPT"));
        byte[] plain = random(40);
        Map<String, Object> mode = Map.of("OAEP", Map.of("mgf", Map.of("mgf1", Map.of("hash", hash))));
        JsonNode encrypted = valid(owner, "POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", kid),
                "alg", "RSA", "mode", mode, "plain", b64(plain)));
        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        String jca = hash.equals("SHA1") ? "SHA-1" : "SHA-256";
        OAEPParameterSpec oaep = new OAEPParameterSpec(jca, "MGF1", new MGF1ParameterSpec(jca),
                PSource.PSpecified.DEFAULT);
        jdk.init(Cipher.DECRYPT_MODE, pair.getPrivate(), oaep);
        assertThat(jdk.doFinal(B64D.decode(encrypted.get("cipher").asText()))).isEqualTo(plain);

        jdk.init(Cipher.ENCRYPT_MODE, pair.getPublic(), oaep);
        JsonNode decrypted = valid(owner, "POST", "/crypto/v1/decrypt", Map.of("key", Map.of("kid", kid),
                "alg", "RSA", "mode", mode, "cipher", b64(jdk.doFinal(plain))));
        assertThat(B64D.decode(decrypted.get("plain").asText())).isEqualTo(plain);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({"RSA,2048,SHA256,PKCS1_V15", "RSA,3072,SHA384,PSS", "RSA,4096,SHA512,PKCS1_V15",
            "RSA,2048,SHA1,PSS", "EC,256,SHA256,", "EC,384,SHA384,", "EC,521,SHA512,"})
    void signaturesBothWaysWithTheJdk(String type, int bits, String hash, String padding) throws Exception {
        KeyPair pair = type.equals("RSA") ? rsaPair(bits) : ecPair(bits);
        String kid = importKey(type, pair.getPrivate().getEncoded(), List.of("SIGN", "VERIFY"));
        String jcaHash = "SHA-" + hash.substring(3).replace("1", "1");
        String jcaName = hash + "with" + (type.equals("RSA") ? "RSA" : "ECDSA");
        Map<String, Object> mode = padding == null ? null : padding.equals("PSS")
                ? Map.of("PSS", Map.of("mgf", Map.of("mgf1", Map.of("hash", hash)))) : Map.of("PKCS1_V15", Map.of());
        byte[] data = random(300);
        byte[] digest = MessageDigest.getInstance(jcaHash.equals("SHA-1") ? "SHA-1" : jcaHash).digest(data);

        for (boolean overHash : new boolean[] {false, true}) {
            Map<String, Object> sign = new HashMap<>(Map.of("key", Map.of("kid", kid), "hash_alg", hash));
            sign.put(overHash ? "hash" : "data", b64(overHash ? digest : data));
            if (mode != null) {
                sign.put("mode", mode);
            }
            byte[] signature = B64D.decode(valid(owner, "POST", "/crypto/v1/sign", sign).get("signature").asText());
            Signature jdk = jdkSignature(type, jcaName, padding, jcaHash);
            jdk.initVerify(pair.getPublic());
            jdk.update(data);
            assertThat(jdk.verify(signature)).as("the JDK verifies the API's signature (over hash: %s)", overHash)
                    .isTrue();
        }

        Signature jdk = jdkSignature(type, jcaName, padding, jcaHash);
        jdk.initSign(pair.getPrivate());
        jdk.update(data);
        byte[] jdkSignature = jdk.sign();
        Map<String, Object> verify = new HashMap<>(Map.of("key", Map.of("kid", kid), "hash_alg", hash,
                "data", b64(data), "signature", b64(jdkSignature)));
        if (mode != null) {
            verify.put("mode", mode);
        }
        assertThat(valid(owner, "POST", "/crypto/v1/verify", verify).get("result").asBoolean()).isTrue();
        verify.put("data", b64(random(300)));
        assertThat(valid(owner, "POST", "/crypto/v1/verify", verify).get("result").asBoolean()).isFalse();
        verify.remove("data");
        verify.put("hash", b64(digest));
        assertThat(validAs(owner, "POST", "/crypto/v1/keys/" + kid + "/verify", without(verify, "key"), "POST",
                "/crypto/v1/verify").get("result").asBoolean()).as("over the hash, on the per-key path").isTrue();
    }

    private static Signature jdkSignature(String type, String jcaName, String padding, String jcaHash)
            throws Exception {
        if ("PSS".equals(padding)) {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            int length = MessageDigest.getInstance(jcaHash).getDigestLength();
            pss.setParameter(new PSSParameterSpec(jcaHash, "MGF1", new MGF1ParameterSpec(jcaHash), length, 1));
            return pss;
        }
        return Signature.getInstance(jcaName);
    }

    @Test
    void opensslVerifiesTheApisRsaAndEcSignaturesAndTheApiVerifiesOpenssls() throws Exception {
        for (String[] key : new String[][] {{"RSA", "rsa_keygen_bits:2048"}, {"EC", "ec_paramgen_curve:P-256"}}) {
            Path pem = work.resolve(key[0] + ".pem");
            openssl("genpkey", "-algorithm", key[0], "-pkeyopt", key[1], "-out", pem.toString());
            Path der = work.resolve(key[0] + ".p8.der");
            openssl("pkcs8", "-topk8", "-nocrypt", "-in", pem.toString(), "-outform", "DER", "-out", der.toString());
            String kid = importKey(key[0], Files.readAllBytes(der), List.of("SIGN", "VERIFY"));
            JsonNode object = owner.call("GET", "/crypto/v1/keys/" + kid, null, 200);
            Path pubDer = Files.write(work.resolve(key[0] + ".pub.der"), B64D.decode(object.get("pub_key").asText()));
            Path pub = work.resolve(key[0] + ".pub.pem");
            openssl("pkey", "-pubin", "-inform", "DER", "-in", pubDer.toString(), "-out", pub.toString());

            byte[] data = "replikey and openssl agree".getBytes(StandardCharsets.UTF_8);
            Path dataFile = Files.write(work.resolve(key[0] + ".data"), data);
            byte[] signature = B64D.decode(valid(owner, "POST", "/crypto/v1/sign", Map.of("key", Map.of("kid", kid),
                    "hash_alg", "SHA256", "data", b64(data))).get("signature").asText());
            Path sigFile = Files.write(work.resolve(key[0] + ".api.sig"), signature);
            assertThat(openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sigFile.toString(),
                    dataFile.toString())).contains("Verified OK");

            Path opensslSig = work.resolve(key[0] + ".openssl.sig");
            openssl("dgst", "-sha256", "-sign", pem.toString(), "-out", opensslSig.toString(), dataFile.toString());
            assertThat(valid(owner, "POST", "/crypto/v1/verify", Map.of("key", Map.of("kid", kid), "hash_alg",
                    "SHA256", "data", b64(data), "signature", b64(Files.readAllBytes(opensslSig))))
                    .get("result").asBoolean()).as(key[0]).isTrue();
        }
    }

    @Test
    void keyOpsDisabledKeysAndWrongAlgorithmsAreRefused() {
        String kid = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "AES", "key_size", 128,
                "key_ops", List.of("ENCRYPT"))).get("kid").asText();
        Map<String, Object> encrypt = Map.of("key", Map.of("kid", kid), "alg", "AES", "mode", "GCM",
                "plain", b64(random(16)));
        JsonNode encrypted = valid(owner, "POST", "/crypto/v1/encrypt", encrypt);
        owner.refused("POST", "/crypto/v1/decrypt", Map.of("key", Map.of("kid", kid), "alg", "AES", "mode", "GCM",
                "cipher", encrypted.get("cipher").asText(), "iv", encrypted.get("iv").asText(),
                "tag", encrypted.get("tag").asText()), 403, "does not permit DECRYPT");
        owner.refused("POST", "/crypto/v1/sign", Map.of("key", Map.of("kid", kid), "hash_alg", "SHA256",
                "data", b64(random(4))), 403, "does not permit SIGN");
        owner.refused("POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", kid), "alg", "RSA",
                "plain", b64(random(4))), 400, "does not match");
        owner.refused("POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", kid), "alg", "AES", "mode", "ECB",
                "plain", b64(random(16))), 400, "GCM or CBC");
        owner.refused("POST", "/crypto/v1/encrypt", Map.of("key", Map.of("kid", kid), "alg", "AES", "mode", "GCM",
                "plain", b64(random(16)), "label", "bGFiZWw="), 400, "not supported by replikey: label");

        valid(owner, "PATCH", "/crypto/v1/keys/" + kid, Map.of("enabled", false));
        owner.refused("POST", "/crypto/v1/encrypt", encrypt, 403, "disabled");
        valid(owner, "PATCH", "/crypto/v1/keys/" + kid, Map.of("enabled", true));
        valid(owner, "POST", "/crypto/v1/encrypt", encrypt);
    }

    @Test
    void useIsRecordedInLastUsedAt() {
        String kid = valid(owner, "POST", "/crypto/v1/keys", request(groupId, "obj_type", "EC",
                "elliptic_curve", "NistP256")).get("kid").asText();
        assertThat(owner.call("GET", "/crypto/v1/keys/" + kid, null, 200).has("lastused_at")).isFalse();
        valid(owner, "POST", "/crypto/v1/sign", Map.of("key", Map.of("kid", kid), "hash_alg", "SHA256",
                "data", b64(random(8))));
        assertThat(owner.call("GET", "/crypto/v1/keys/" + kid, null, 200).get("lastused_at").asText())
                .matches("\\d{8}T\\d{6}Z");
    }

    private String importKey(String type, byte[] pkcs8, List<String> ops) {
        return valid(owner, "PUT", "/crypto/v1/keys", request(groupId, "obj_type", type, "value", b64(pkcs8),
                "key_ops", ops)).get("kid").asText();
    }

    private static KeyPair rsaPair(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static KeyPair ecPair(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp" + bits + "r1"));
        return generator.generateKeyPair();
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }
}
