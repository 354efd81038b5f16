package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replikey.wire.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The replication engine's client of a source cluster (Fortanix DSM or replikey): mutual TLS with
 * a replication credential ({@link SourceTls}), app authentication at
 * {@code POST /sys/v1/session/auth}, groups and security objects page by page, and export.
 *
 * <p>It sends only requests the DSM API documents, reads responses leniently (unknown fields
 * ignored, unknown object types kept), and fails with a {@link SourceException} whose kind and
 * message the engine records. A call answered 401 re-authenticates once and is repeated once.
 * Bodies larger than {@link Settings#maxResponseBytes()} are refused, so a source cannot make the
 * engine hold more than one bounded page.
 *
 * <p>Thread-safe, but meant for one scan at a time: the session token is shared, and a
 * re-authentication by one caller replaces it for all.
 */
public final class SourceConnector {
    static final String SESSION_AUTH = "/sys/v1/session/auth";
    static final String GROUPS = "/sys/v1/groups";
    static final String KEYS = "/crypto/v1/keys";
    static final String EXPORT = "/crypto/v1/keys/export";
    /** Longest source error text kept in a message. */
    static final int MESSAGE_LIMIT = 200;
    private static final ObjectMapper JSON = Json.lenient();
    /** JDK texts of TLS alerts a server sends when it rejects the client's certificate. */
    private static final List<String> CLIENT_CERTIFICATE_ALERTS = List.of("bad_certificate", "certificate_required",
            "unknown_ca", "certificate_unknown", "unsupported_certificate", "certificate_revoked",
            "certificate_expired", "access_denied");

    /**
     * Limits of one connector. {@code pageSize} is the {@code limit} asked per list request (DSM's
     * own default is 1000; a source may answer fewer).
     */
    public record Settings(int pageSize, Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
        public static final Settings DEFAULTS =
                new Settings(1000, Duration.ofSeconds(10), Duration.ofSeconds(60), 64 * 1024 * 1024);

        public Settings {
            if (pageSize < 1 || maxResponseBytes < 1024) {
                throw new IllegalArgumentException("page size must be positive and the body limit at least 1 KiB");
            }
        }
    }

    /** A session at the source: who it authenticated as and for how long (seconds). No token. */
    public record SourceSession(UUID entityId, long expiresInSeconds) {
    }

    private final URI base;
    private final String origin;
    private final HttpClient http;
    private final Settings settings;
    private volatile String authorization;
    private volatile String token;

    public SourceConnector(URI baseUrl, SSLContext tls) {
        this(baseUrl, tls, Settings.DEFAULTS);
    }

    /** @throws IllegalArgumentException unless {@code baseUrl} is an https URL with a host */
    public SourceConnector(URI baseUrl, SSLContext tls, Settings settings) {
        if (!"https".equalsIgnoreCase(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the source URL must be https://host[:port]");
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        this.base = URI.create("https://" + baseUrl.getRawAuthority() + path);
        this.origin = "https://" + baseUrl.getRawAuthority();
        this.settings = settings;
        // HTTP/1.1 as DSM serves; redirects are never followed (they could carry the token elsewhere).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.connectTimeout()).build();
    }

    /**
     * Authenticates as the app {@code appId} with the TLS client certificate:
     * {@code Authorization: Basic base64("<app_id>:")}.
     *
     * @throws SourceException {@code CLIENT_CERTIFICATE_REFUSED} when the source answers 401
     */
    public SourceSession authenticate(UUID appId) {
        return authenticate(basic(appId.toString(), ""));
    }

    /** Authenticates with a whole {@code Authorization} header value; kept for re-authentication. */
    SourceSession authenticate(String authorizationHeader) {
        Answer answer = send(HttpRequest.newBuilder(uri(SESSION_AUTH))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", authorizationHeader), SESSION_AUTH);
        if (answer.status() == 401) {
            throw new SourceException(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED, 401,
                    "the source refused the credential at " + SESSION_AUTH + " (unknown app or certificate mismatch): "
                            + answer.message(null));
        }
        SourceFields fields = new SourceFields(json(answer, SESSION_AUTH), "session");
        String type = fields.requiredText("token_type");
        if (!"Bearer".equalsIgnoreCase(type)) {
            throw SourceFields.malformed("the source issued a session token of type other than Bearer");
        }
        String accessToken = fields.requiredText("access_token");
        Long expiresIn = fields.number("expires_in");
        SourceSession session = new SourceSession(fields.uuid("entity_id"), expiresIn == null ? 0 : expiresIn);
        this.authorization = authorizationHeader;
        this.token = accessToken;
        return session;
    }

    /**
     * The source's groups, one page per {@code next()}; a page is requested only when
     * {@code hasNext()} needs it. Follows continuation tokens, or offsets when the source
     * answers bare arrays. A failed {@code hasNext()} may be called again to retry that page.
     */
    public Iterator<List<SourceGroup>> groupPages() {
        return SourcePages.groups(this, settings.pageSize());
    }

    /** The source's security objects, one page per {@code next()}, by offset in kid order. */
    public Iterator<List<SourceObject>> objectPages() {
        return SourcePages.objects(this, settings.pageSize());
    }

    /**
     * Exports one object. A refusal (400, 403) or a missing object (404) is an outcome; other
     * failures throw.
     */
    public ExportOutcome export(UUID kid) {
        byte[] body = JSON.createObjectNode().put("kid", kid.toString()).toString().getBytes(StandardCharsets.UTF_8);
        Answer answer = authorized("POST", EXPORT, body);
        try {
            if (answer.status() == 400 || answer.status() == 403) {
                return new ExportOutcome.Refused(kid, answer.status(), answer.message(token));
            }
            if (answer.status() == 404) {
                return new ExportOutcome.Gone(kid);
            }
            JsonNode node = json(answer, EXPORT);
            SourceObject object = SourceObject.from(node);
            if (!kid.equals(object.kid())) {
                throw SourceFields.malformed("the source exported another object than " + kid);
            }
            byte[] value = new SourceFields(node, "exported object").base64("value");
            if (value == null) {
                throw SourceFields.malformed("the source exported " + kid + " without a value");
            }
            return new ExportOutcome.Exported(object, value);
        } finally {
            answer.wipe();
        }
    }

    /** GET of a documented list URL, authenticated, parsed as JSON; errors throw. */
    JsonNode getJson(String pathAndQuery) {
        return json(authorized("GET", pathAndQuery, null), pathWithoutQuery(pathAndQuery));
    }

    private Answer authorized(String method, String pathAndQuery, byte[] body) {
        String current = token;
        if (current == null) {
            throw new IllegalStateException("authenticate before calling the source");
        }
        Answer answer = sendAuthorized(method, pathAndQuery, body, current);
        if (answer.status() == 401) {
            authenticate(authorization);
            answer = sendAuthorized(method, pathAndQuery, body, token);
        }
        return answer;
    }

    private Answer sendAuthorized(String method, String pathAndQuery, byte[] body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization",
                "Bearer " + bearer).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, pathWithoutQuery(pathAndQuery));
    }

    private JsonNode json(Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new SourceException(SourceException.Kind.HTTP, answer.status(),
                    what + " answered " + answer.status() + ": " + answer.message(token));
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            // Jackson's message quotes the input, which may be key material.
            throw SourceFields.malformed("the answer to " + what + " is not JSON");
        }
    }

    private Answer send(HttpRequest.Builder request, String what) {
        request.timeout(settings.requestTimeout()).header("Accept", "application/json");
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(settings.maxResponseBytes() + 1);
                if (body.length > settings.maxResponseBytes()) {
                    throw SourceFields.malformed("the answer to " + what + " exceeds "
                            + settings.maxResponseBytes() + " bytes");
                }
                return new Answer(response.statusCode(), body);
            }
        } catch (IOException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.NETWORK, "interrupted while calling the source");
        }
    }

    /** Names a transport failure by its cause: trust, client certificate, handshake, network. */
    private SourceException failure(String what, IOException e) {
        SourceTls.ServerCertificateRefused refused = cause(e, SourceTls.ServerCertificateRefused.class);
        if (refused != null) {
            return new SourceException(SourceException.Kind.TLS_TRUST, origin + ": " + sanitise(refused.getMessage()));
        }
        SSLException tls = cause(e, SSLException.class);
        if (tls != null) {
            String text = String.valueOf(tls.getMessage()).toLowerCase(Locale.ROOT);
            for (String alert : CLIENT_CERTIFICATE_ALERTS) {
                if (text.contains(alert)) {
                    return new SourceException(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED, origin
                            + " refused the client certificate in the TLS handshake (" + alert + ")");
                }
            }
            if (closedDuringHandshake(e, tls)) {
                // No alert, just a closed connection: the source went away (or stopped), like a reset.
                return new SourceException(SourceException.Kind.NETWORK, "cannot reach " + origin
                        + ": the connection closed during the TLS handshake");
            }
            return new SourceException(SourceException.Kind.TLS_HANDSHAKE, "TLS handshake with " + origin
                    + " failed: " + sanitise(tls.getMessage()));
        }
        String reason;
        if (cause(e, HttpConnectTimeoutException.class) != null) {
            reason = "no connection within " + settings.connectTimeout().toSeconds() + " s";
        } else if (cause(e, HttpTimeoutException.class) != null) {
            reason = what + " got no answer within " + settings.requestTimeout().toSeconds() + " s";
        } else if (cause(e, UnknownHostException.class) != null) {
            reason = "unknown host";
        } else if (cause(e, ConnectException.class) != null) {
            reason = "connection refused";
        } else {
            reason = what + " failed: " + sanitise(e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return new SourceException(SourceException.Kind.NETWORK, "cannot reach " + origin + ": " + reason);
    }

    /** The JDK's words when the peer closes the connection in the middle of a handshake, without an alert. */
    private static boolean closedDuringHandshake(IOException e, SSLException tls) {
        return cause(e, EOFException.class) != null || tls instanceof SSLHandshakeException
                && String.valueOf(tls.getMessage()).contains("terminated the handshake");
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private static String pathWithoutQuery(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A text fit for a stored error message: one line of printable characters, at most
     * {@link #MESSAGE_LIMIT} of them. Callers pass bounded texts (a body is cut before).
     */
    static String sanitise(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || !Character.isDefined(c)
                || Character.getType(c) == Character.FORMAT ? ' ' : c));
        String line = out.toString().trim().replaceAll(" {2,}", " ");
        return line.codePointCount(0, line.length()) > MESSAGE_LIMIT
                ? line.substring(0, line.offsetByCodePoints(0, MESSAGE_LIMIT)) + "…" : line;
    }

    /** A response: status and at most {@link Settings#maxResponseBytes()} of body. */
    private record Answer(int status, byte[] body) {
        /** The body as a sanitised message, with {@code secret} (the token) blotted out if present. */
        String message(String secret) {
            String text = new String(body, 0, Math.min(body.length, 4 * MESSAGE_LIMIT), StandardCharsets.UTF_8);
            if (secret != null && !secret.isEmpty()) {
                text = text.replace(secret, "[redacted]");
            }
            return sanitise(text);
        }

        void wipe() {
            Arrays.fill(body, (byte) 0);
        }
    }
}
