package io.replikey.bench;

import javax.net.ssl.SSLContext;

/**
 * One HTTPS request that a benchmark row repeats: the TLS context its clients connect with (the
 * pinned server certificate, and for mutual TLS a client key), method, path, the whole
 * {@code Authorization} header value or null, a JSON body or null, and a cheap check of the 200
 * answer. An immutable value; the body array is shared, never modified.
 */
record HttpsOperation(String key, SSLContext ssl, String method, String path, String authorization, byte[] body,
        BodyCheck check) {
    /** A body check for an HTTPS row: null when fine, else what is wrong. */
    @FunctionalInterface
    interface BodyCheck {
        String problem(String body);
    }

    /** A check that the answer is JSON naming {@code field}; full answers are checked once before measuring. */
    static BodyCheck naming(String field) {
        String quoted = "\"" + field + "\"";
        return body -> body.startsWith("{") && body.contains(quoted) ? null
                : "no " + field + " in " + SelfSignBenchmark.abbreviate(body);
    }
}
