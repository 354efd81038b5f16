package io.replikey.server.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's trust decision on client certificates at the TLS handshake: any well-formed one
 * passes, and no certificate authority is named to the client. Apps register their exact,
 * typically self-signed certificate (replikey's own {@code self_sign} certificates are), which no
 * trust store could hold, so PKIX validation would refuse them; and clients send a certificate
 * only when its issuer is among the names the server lists, so the list must be empty (Jetty's
 * trust-all mode would list the JVM's public CAs, and a self-signed certificate would never be
 * sent). The handshake proves that the client holds the certificate's private key; the app
 * authenticator then compares the certificate byte for byte with the registered one and checks
 * its validity, so a certificate nobody registered authenticates nobody.
 *
 * <p>Server side only. Stateless and thread-safe.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    static final AnyClientCertificate INSTANCE = new AnyClientCertificate();
    private static final X509Certificate[] NONE = new X509Certificate[0];

    private AnyClientCertificate() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepted here; matched against the registered app per request.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Only the server side of the handshake uses this manager; were it ever asked to trust a
        // server, it refuses rather than accepting anything.
        throw new CertificateException("this trust manager checks client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
