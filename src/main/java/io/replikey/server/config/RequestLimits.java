package io.replikey.server.config;

import java.time.Duration;

/**
 * How long a client may take to send a request, in total (not merely between two bytes). Immutable.
 *
 * @param headerTimeout the TLS handshake plus the first request's headers, and any request's line
 *                      and headers from their first byte, must arrive within this
 * @param bodyTimeout   a request body must arrive in full within this after its headers
 */
public record RequestLimits(Duration headerTimeout, Duration bodyTimeout) {
    /** The defaults of {@code replikey serve}. */
    public static final RequestLimits DEFAULT = new RequestLimits(Duration.ofSeconds(10), Duration.ofSeconds(20));
}
