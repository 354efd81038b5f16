package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CryptoProvidersTest {

    @Test
    void installIsIdempotent() {
        String first = CryptoProviders.install();

        assertThat(first).isNotBlank();
        assertThat(CryptoProviders.install()).isEqualTo(first);
    }

    // The pom ships ACCP's linux-x86_64 native build only; on that platform falling back to the
    // JDK would silently lose the fast provider, so it is a failure, not a skip.
    // Not when the JDK providers are chosen on purpose (the crypto tests also run that way).
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "x86_64"})
    @DisabledIfSystemProperty(named = "replikey.crypto.provider", matches = "jdk")
    void amazonCorrettoCryptoProviderIsActiveOnLinuxX86() throws Exception {
        String description = CryptoProviders.install();

        assertThat(description).as("ACCP loading error: %s", AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError())
                .startsWith("AmazonCorrettoCryptoProvider");
        // Crypto code names algorithms only, so ACCP must be the first provider to take effect.
        assertThat(Security.getProviders()[0].getName()).isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
                .isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        assertThat(KeyPairGenerator.getInstance("EC").getProvider().getName())
                .isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName())
                .isEqualTo(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
    }
}
