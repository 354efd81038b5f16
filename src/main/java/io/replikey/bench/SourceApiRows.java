package io.replikey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.wire.AccountRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The issue-6 rows of {@code replikey bench}: app session set-up with an API key and with a client
 * certificate, and AES-GCM encrypt and ECDSA sign requests. {@link #prepare} sets up, through the
 * real API, what they need: a Standard account, a group, an AES-256 and an EC P-256 key, a crypto
 * app with an API key and one with a self-signed client certificate (both members of the group
 * with ENCRYPT and SIGN). It checks one answer of each crypto operation in full (decrypting the
 * ciphertext and verifying the signature through the API) so the rows measure real work.
 *
 * <p>Limits: every session row creates a session per request, so a long run leaves many sessions
 * in the throw-away database. Not thread-safe; used by one benchmark run at a time.
 */
final class SourceApiRows {
    static final String SESSION_APIKEY = "session_apikey";
    static final String SESSION_MTLS = "session_mtls";
    static final String ENCRYPT_AES_GCM = "encrypt_aes_gcm";
    static final String SIGN_ECDSA = "sign_ecdsa";
    /** In the order they are measured. */
    static final List<String> KEYS = List.of(SESSION_APIKEY, SESSION_MTLS, ENCRYPT_AES_GCM, SIGN_ECDSA);
    /** Bytes of plaintext per encrypt and of data per sign. */
    static final int PAYLOAD_BYTES = 64;

    private static final String SESSION_AUTH = "/sys/v1/session/auth";
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private SourceApiRows() {
    }

    /** Sets up the selected rows' account, keys and apps through {@code admin}, signed in as the user {@code token}. */
    static List<HttpsOperation> prepare(DsmClient admin, String token, URI base, X509Certificate serverCertificate,
            Set<String> selected) {
        List<HttpsOperation> rows = new ArrayList<>();
        if (KEYS.stream().noneMatch(selected::contains)) {
            return rows;
        }
        SSLContext pinned = DsmClient.pinning(serverCertificate);
        String user = DsmClient.bearer(token);
        UUID acctId = admin.createAccount(token, new AccountRequest("bench-source-" + UUID.randomUUID(), null, null,
                null)).acctId();
        json(admin, "POST", "/sys/v1/session/select_account", user, Map.of("acct_id", acctId.toString()));
        String groupId = json(admin, "POST", "/sys/v1/groups", user, Map.of("name", "bench"))
                .get("group_id").asText();
        Map<String, Object> membership = Map.of(groupId, List.of("ENCRYPT", "DECRYPT", "SIGN", "VERIFY"));

        UUID apiKeyApp = UUID.fromString(json(admin, "POST", "/sys/v1/apps", user, Map.of("name", "bench-api-key",
                "role", "crypto", "credential", Map.of("secret", Map.of()), "add_groups", membership))
                .get("app_id").asText());
        String secret = json(admin, "GET", "/sys/v1/apps/" + apiKeyApp + "/credential", user, null)
                .at("/credential/secret").asText();
        String apiKey = DsmClient.basic(apiKeyApp.toString(), secret);
        if (selected.contains(SESSION_APIKEY)) {
            rows.add(new HttpsOperation(SESSION_APIKEY, pinned, "POST", SESSION_AUTH, apiKey, null,
                    HttpsOperation.naming("access_token")));
        }
        if (selected.contains(SESSION_MTLS)) {
            KeyPair pair = CredentialKeys.generate(CredentialKeyType.EC_P256);
            byte[] certificate = new SelfSignedCertificateFactory(Clock.systemUTC(), new SecureRandom()).issue(
                    "replikey bench app", pair.getPublic().getEncoded(), pair.getPrivate(), CredentialKeyType.EC_P256);
            UUID certificateApp = UUID.fromString(json(admin, "POST", "/sys/v1/apps", user, Map.of(
                    "name", "bench-certificate", "role", "crypto",
                    "credential", Map.of("certificate", B64.encodeToString(certificate)), "add_groups", membership))
                    .get("app_id").asText());
            rows.add(new HttpsOperation(SESSION_MTLS, presenting(pair, certificate, serverCertificate), "POST",
                    SESSION_AUTH, DsmClient.basic(certificateApp.toString(), ""), null,
                    HttpsOperation.naming("access_token")));
        }

        // The crypto rows act as a client application would: with a Bearer session of the API-key app.
        String app = DsmClient.bearer(json(admin, "POST", SESSION_AUTH, apiKey, null).get("access_token").asText());
        byte[] payload = new byte[PAYLOAD_BYTES];
        new SecureRandom().nextBytes(payload);
        String data = B64.encodeToString(payload);
        if (selected.contains(ENCRYPT_AES_GCM)) {
            String kid = json(admin, "POST", "/crypto/v1/keys", user, Map.of("name", "bench-aes", "group_id", groupId,
                    "obj_type", "AES", "key_size", 256, "key_ops", List.of("ENCRYPT", "DECRYPT"))).get("kid").asText();
            Map<String, Object> encrypt = Map.of("key", Map.of("kid", kid), "alg", "AES", "mode", "GCM",
                    "plain", data);
            JsonNode sealed = json(admin, "POST", "/crypto/v1/encrypt", app, encrypt);
            JsonNode opened = json(admin, "POST", "/crypto/v1/decrypt", app, Map.of("key", Map.of("kid", kid),
                    "alg", "AES", "mode", "GCM", "iv", sealed.get("iv").asText(), "cipher", sealed.get("cipher").asText(),
                    "tag", sealed.get("tag").asText()));
            if (!Arrays.equals(Base64.getDecoder().decode(opened.get("plain").asText()), payload)) {
                throw new IllegalStateException("AES-GCM encrypt does not decrypt to its plaintext");
            }
            rows.add(new HttpsOperation(ENCRYPT_AES_GCM, pinned, "POST", "/crypto/v1/encrypt", app,
                    DsmClient.encode(encrypt), HttpsOperation.naming("cipher")));
        }
        if (selected.contains(SIGN_ECDSA)) {
            String kid = json(admin, "POST", "/crypto/v1/keys", user, Map.of("name", "bench-ec", "group_id", groupId,
                    "obj_type", "EC", "elliptic_curve", "NistP256", "key_ops", List.of("SIGN", "VERIFY")))
                    .get("kid").asText();
            Map<String, Object> sign = Map.of("key", Map.of("kid", kid), "hash_alg", "SHA256", "data", data);
            String signature = json(admin, "POST", "/crypto/v1/sign", app, sign).get("signature").asText();
            if (!json(admin, "POST", "/crypto/v1/verify", app, Map.of("key", Map.of("kid", kid), "hash_alg", "SHA256",
                    "data", data, "signature", signature)).get("result").asBoolean()) {
                throw new IllegalStateException("the ECDSA signature does not verify");
            }
            rows.add(new HttpsOperation(SIGN_ECDSA, pinned, "POST", "/crypto/v1/sign", app, DsmClient.encode(sign),
                    HttpsOperation.naming("signature")));
        }
        return rows;
    }

    private static JsonNode json(DsmClient client, String method, String path, String authorization, Object body) {
        return client.call(method, path, authorization, body, JsonNode.class);
    }

    /** A context that pins the server's certificate and presents {@code certificate} with the pair's private key. */
    private static SSLContext presenting(KeyPair pair, byte[] certificate, X509Certificate serverCertificate) {
        try {
            Certificate parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            // An in-memory store only: the password protects nothing on disk.
            char[] password = "in-memory".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("app", pair.getPrivate(), password, new Certificate[] {parsed});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            return DsmClient.pinning(serverCertificate, kmf.getKeyManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the client-certificate TLS context", e);
        }
    }
}
