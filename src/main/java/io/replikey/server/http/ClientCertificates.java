package io.replikey.server.http;

import io.javalin.http.Context;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The TLS client certificate of a request, as DER bytes: what the app authenticator compares
 * with an app's registered certificate, so nothing past this class sees a Jetty or servlet type.
 * Empty when the client presented none (the connector asks for one without requiring it).
 * Stateless.
 */
final class ClientCertificates {
    /** Set by Jetty's SecureRequestCustomizer on every request of a TLS connection with a client certificate. */
    static final String SERVLET_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private ClientCertificates() {
    }

    /** The DER encoding of the leaf (first) certificate the client presented. */
    static Optional<byte[]> der(Context ctx) {
        Object chain = ctx.req().getAttribute(SERVLET_ATTRIBUTE);
        if (!(chain instanceof X509Certificate[] certificates) || certificates.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(certificates[0].getEncoded());
        } catch (CertificateEncodingException e) {
            // The handshake accepted it, so it parsed; one that cannot re-encode authenticates nobody.
            return Optional.empty();
        }
    }
}
