package io.replikey.bench;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An already initialised {@link SSLContext} that counts the {@link SSLEngine}s it creates. The JDK
 * {@code java.net.http.HttpClient} creates exactly one engine per TLS connection it opens, so the
 * count is the number of connections: with keep-alive working, a client that sends thousands of
 * requests opens one. The benchmark uses it to verify, rather than assume, connection reuse.
 *
 * <p>Thread-safe: the counter is atomic and every other call goes to the (thread-safe) delegate.
 */
final class CountingSslContext extends SSLContext {
    CountingSslContext(SSLContext delegate, AtomicLong engines) {
        super(new Spi(delegate, engines), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final AtomicLong engines;

        Spi(SSLContext delegate, AtomicLong engines) {
            this.delegate = delegate;
            this.engines = engines;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            // The delegate arrives initialised (it pins the server certificate); re-initialising
            // it here would silently replace the pinned trust.
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            engines.incrementAndGet();
            return delegate.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            engines.incrementAndGet();
            return delegate.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
