package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.NotAuthenticatedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The two halves of {@code Authorization: Basic base64(name:secret)}: an email and password for
 * a user, an app id and API key for an app, or an app id and an empty secret for an app that
 * authenticates with its TLS client certificate.
 */
record BasicCredentials(String name, String secret) {
    private static final String SCHEME = "Basic ";

    /** The credentials of the request's Basic header, or 401 when it has none or a malformed one. */
    static BasicCredentials required(Context ctx) {
        return optional(ctx).orElseThrow(() -> new NotAuthenticatedException("Basic authentication is required"));
    }

    /**
     * The credentials of the request's Basic header; empty without an Authorization header (an
     * app may then authenticate by its client certificate alone); 401 for another scheme or a
     * malformed header.
     */
    static Optional<BasicCredentials> optional(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new NotAuthenticatedException("Basic authentication is required");
        }
        return Optional.of(parse(header.substring(SCHEME.length()).trim())
                .orElseThrow(() -> new NotAuthenticatedException("malformed Basic authorization header")));
    }

    private static Optional<BasicCredentials> parse(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "BasicCredentials[name=" + name + ", secret=***]";
    }
}
