package io.replikey.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.wire.Account;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.AuthResponse;
import io.replikey.wire.CreateReplicationCredentialRequest;
import io.replikey.wire.Json;
import io.replikey.wire.ListReplicationCredentialsResponse;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.SelfSignResponse;
import io.replikey.wire.SignupRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small client for the DSM REST API as replikey serves it: HTTPS with keep-alive (HTTP/1.1),
 * JSON in and out, errors as {@link DsmException}. Used by the tests, the benchmark and, later,
 * the replication engine. Thread-safe: one instance may serve many concurrent callers.
 */
public final class DsmClient {
    private static final ObjectMapper JSON = Json.lenient();
    private final HttpClient http;
    private final URI base;

    public DsmClient(URI base, SSLContext ssl) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An SSL context that trusts exactly {@code serverCertificate} (certificate pinning). */
    public static SSLContext pinning(X509Certificate serverCertificate) {
        return pinning(serverCertificate, null);
    }

    /**
     * As {@link #pinning(X509Certificate)}, presenting the client certificate of {@code clientKeys}
     * (mutual TLS); null presents none.
     */
    public static SSLContext pinning(X509Certificate serverCertificate, KeyManager[] clientKeys) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", serverCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    /** A raw exchange: status, content type and body text. */
    public record Exchange(int status, String contentType, String body) {
    }

    /** Sends one request; {@code authorization} is the whole header value or null; body is raw bytes or null. */
    public Exchange send(String method, String path, String authorization, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends {@code body} as JSON and decodes a 2xx answer as {@code type} (null for 204). */
    public <T> T call(String method, String path, String authorization, Object body, Class<T> type) {
        Exchange exchange = send(method, path, authorization, body == null ? null : encode(body));
        if (exchange.status() / 100 != 2) {
            throw new DsmException(exchange.status(), exchange.body());
        }
        if (type == Void.class || exchange.body().isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(exchange.body(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected response body for " + type.getSimpleName(), e);
        }
    }

    public static byte[] encode(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body does not serialise", e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    // Typed operations, named after the DSM operation ids.

    public void signupUser(String email, String password) {
        call("POST", "/sys/v1/users", null, new SignupRequest(email, password, null, null, null), Void.class);
    }

    /** Authenticates and returns the bearer token. */
    public String authenticate(String email, String password) {
        return call("POST", "/sys/v1/session/auth", basic(email, password), null, AuthResponse.class).accessToken();
    }

    public Account createAccount(String token, AccountRequest request) {
        return call("POST", "/sys/v1/accounts", bearer(token), request, Account.class);
    }

    public Account getAccount(String token, UUID acctId) {
        return call("GET", "/sys/v1/accounts/" + acctId, bearer(token), null, Account.class);
    }

    public Account updateAccount(String token, UUID acctId, AccountRequest request) {
        return call("PATCH", "/sys/v1/accounts/" + acctId, bearer(token), request, Account.class);
    }

    public ReplicationCredential createReplicationCredential(String token, UUID acctId, String keyType) {
        return call("POST", credentials(acctId), bearer(token),
                new CreateReplicationCredentialRequest(ReplicationCredential.CERTIFICATE, keyType),
                ReplicationCredential.class);
    }

    public ListReplicationCredentialsResponse listReplicationCredentials(String token, UUID acctId) {
        return call("GET", credentials(acctId), bearer(token), null, ListReplicationCredentialsResponse.class);
    }

    public ReplicationCredential getReplicationCredential(String token, UUID acctId, String credentialId) {
        return call("GET", credentials(acctId) + "/" + credentialId, bearer(token), null,
                ReplicationCredential.class);
    }

    public ReplicationCredential updateReplicationCredential(String token, UUID acctId, String credentialId,
            UpdateReplicationCredentialRequest request) {
        return call("PATCH", credentials(acctId) + "/" + credentialId, bearer(token), request,
                ReplicationCredential.class);
    }

    public void deleteReplicationCredential(String token, UUID acctId, String credentialId) {
        call("DELETE", credentials(acctId) + "/" + credentialId, bearer(token), null, Void.class);
    }

    /** Returns the DER of a fresh self-signed certificate for the credential. */
    public byte[] replicationCredentialSelfSignedCert(String token, UUID acctId, String credentialId) {
        SelfSignResponse response = call("POST", credentials(acctId) + "/" + credentialId + "/self_sign",
                bearer(token), null, SelfSignResponse.class);
        return Base64.getDecoder().decode(response.certificate());
    }

    private static String credentials(UUID acctId) {
        return "/sys/v1/accounts/" + acctId + "/replication/credentials";
    }
}
