package io.replikey.server.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects the JCA provider replikey uses for key generation, signing and AES-GCM: Amazon Corretto
 * Crypto Provider (native AWS-LC) where its native library loads and passes its self-tests, the
 * JDK's own providers otherwise. All crypto code asks the JCA by algorithm name without naming a
 * provider, so installing ACCP at the highest priority is the only switch.
 *
 * <p>{@link #install()} changes process-wide JCA state; it is idempotent and thread-safe.
 */
public final class CryptoProviders {
    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static final Object LOCK = new Object();
    private static String active;

    private CryptoProviders() {
    }

    /**
     * Installs ACCP when possible and returns a description of the provider in use.
     * Setting the system property {@code replikey.crypto.provider=jdk} skips ACCP.
     */
    public static String install() {
        synchronized (LOCK) {
            if (active == null) {
                active = tryAccp();
                LOG.info("crypto provider: {}", active);
            }
            return active;
        }
    }

    private static String tryAccp() {
        if ("jdk".equalsIgnoreCase(System.getProperty("replikey.crypto.provider"))) {
            return jdkDescription("ACCP disabled by replikey.crypto.provider=jdk");
        }
        try {
            Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (loadingError != null) {
                return jdkDescription("ACCP unavailable: " + loadingError.getMessage());
            }
            AmazonCorrettoCryptoProvider.install();
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            return "AmazonCorrettoCryptoProvider " + AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr();
        } catch (Throwable e) {
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            return jdkDescription("ACCP unavailable: " + e.getClass().getSimpleName());
        }
    }

    private static String jdkDescription(String why) {
        return "JDK providers (" + why + ")";
    }
}
