package io.replikey.server.replication;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context the source connector talks through: it presents a replication credential
 * (private key and certificate chain) and trusts the JVM's default trust store plus the
 * operator's CA certificates, with host-name verification that cannot be switched off.
 *
 * <p>The private key lives only in the returned context's key manager, in memory; it is never
 * written to a key store file or logged. Built contexts are immutable and thread-safe.
 */
public final class SourceTls {
    /** The one alias the credential key manager knows. */
    static final String CREDENTIAL_ALIAS = "replication-credential";

    private SourceTls() {
    }

    /**
     * A context presenting {@code privateKey} with {@code certificateChainDer} (DER certificates,
     * leaf first) and trusting the JVM's trust store plus {@code operatorCas}.
     *
     * @throws IllegalArgumentException if a chain element does not parse or the chain is empty
     */
    public static SSLContext context(PrivateKey privateKey, List<byte[]> certificateChainDer,
            List<X509Certificate> operatorCas) {
        X509Certificate[] chain = parseChain(certificateChainDer);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {new CredentialKeyManager(privateKey, chain)},
                    new TrustManager[] {new SourceTrustManager(pkix(operatorCas))}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the replication TLS context", e);
        }
    }

    /**
     * Reads the operator's CA certificates: a PEM file with one or more certificates.
     *
     * @throws IllegalArgumentException if the file holds no certificate or an invalid one
     */
    public static List<X509Certificate> readTrustedCertificates(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("replication trust file " + pemFile + " holds no certificate");
            }
            return List.copyOf(certificates);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("replication trust file " + pemFile + " holds an invalid certificate");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replication trust file " + pemFile, e);
        }
    }

    private static X509Certificate[] parseChain(List<byte[]> der) {
        if (der == null || der.isEmpty()) {
            throw new IllegalArgumentException("the credential has no certificate chain");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate[] chain = new X509Certificate[der.size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der.get(i)));
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the credential's certificate chain does not parse");
        }
    }

    /** The JDK's PKIX trust manager over the default trust anchors plus the operator's CAs. */
    private static X509ExtendedTrustManager pkix(List<X509Certificate> operatorCas) throws GeneralSecurityException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = 0;
        for (TrustManager manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jvm-" + n++, anchor);
                }
            }
        }
        for (X509Certificate ca : operatorCas) {
            anchors.setCertificateEntry("operator-" + n++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    }

    /**
     * Presents the credential whatever certificate authorities the server names: JDK clients
     * otherwise send a certificate only when its issuer is among them, and a self-signed
     * credential certificate (replikey's {@code self_sign}) is never among them — replikey names
     * none, a DSM cluster names its own. The key type must still fit the signature scheme.
     */
    static final class CredentialKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        CredentialKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain.clone();
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return fits(keyTypes) ? CREDENTIAL_ALIAS : null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return fits(keyTypes) ? CREDENTIAL_ALIAS : null;
        }

        private boolean fits(String[] keyTypes) {
            String ours = family(key.getAlgorithm());
            return keyTypes != null && Arrays.stream(keyTypes).anyMatch(type -> family(type).equals(ours));
        }

        /** JDK TLS asks for "EdDSA" where a provider may call an Ed25519 key "Ed25519". */
        private static String family(String algorithm) {
            String upper = algorithm.toUpperCase(Locale.ROOT);
            return upper.equals("ED25519") || upper.equals("ED448") ? "EDDSA" : upper;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return fits(new String[] {keyType}) ? new String[] {CREDENTIAL_ALIAS} : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return CREDENTIAL_ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return CREDENTIAL_ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /**
     * Why the source's certificate was refused, carried through the handshake exception's causes
     * so that the connector can name it without reading JDK message texts.
     */
    static final class ServerCertificateRefused extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final boolean hostnameMismatch;

        ServerCertificateRefused(boolean hostnameMismatch, String message) {
            super(message);
            this.hostnameMismatch = hostnameMismatch;
        }

        boolean hostnameMismatch() {
            return hostnameMismatch;
        }
    }

    /**
     * Checks the source's chain against the trust anchors, then its identity against the host
     * name. Refuses any connection whose parameters do not ask for HTTPS host-name verification,
     * so no system property or client setting can turn it off.
     */
    static final class SourceTrustManager extends X509ExtendedTrustManager {
        private static final String HTTPS = "HTTPS";
        private final X509ExtendedTrustManager pkix;

        SourceTrustManager(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            SSLParameters parameters = engine.getSSLParameters();
            requireHostnameVerification(parameters);
            checkPath(chain, authType);
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw identityRefused(engine.getPeerHost(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (!(socket instanceof SSLSocket ssl)) {
                throw new ServerCertificateRefused(false, "no TLS socket to verify the host name on");
            }
            requireHostnameVerification(ssl.getSSLParameters());
            checkPath(chain, authType);
            try {
                pkix.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw identityRefused(socket.getInetAddress().getHostAddress(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new ServerCertificateRefused(false, "no connection to verify the host name of");
        }

        private void checkPath(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new ServerCertificateRefused(false, "the source's certificate is not trusted (issuer "
                        + chain[chain.length - 1].getIssuerX500Principal().getName() + ")");
            }
        }

        /** The path was trusted, so what fails now is the host name (or this connection's constraints). */
        private static ServerCertificateRefused identityRefused(String host, CertificateException e) {
            return new ServerCertificateRefused(true, "the source's certificate is not valid for host " + host + " ("
                    + e.getMessage() + ")");
        }

        private static void requireHostnameVerification(SSLParameters parameters) throws CertificateException {
            if (!HTTPS.equalsIgnoreCase(parameters.getEndpointIdentificationAlgorithm())) {
                throw new ServerCertificateRefused(true, "host-name verification is off; refusing the connection");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a replication client never verifies clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
