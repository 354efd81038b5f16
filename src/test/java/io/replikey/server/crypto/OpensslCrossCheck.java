package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.error.BadRequestException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that cross-check replikey's crypto with the openssl CLI: the production JCA
 * providers (ACCP where it loads, or the JDK's with {@code -Dreplikey.crypto.provider=jdk}), a
 * per-test directory for openssl's files, and random input.
 */
abstract class OpensslCrossCheck {
    static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path dir;
    Openssl ssl;

    @BeforeAll
    static void productionProviders() {
        CryptoProviders.install();
    }

    @BeforeEach
    void openssl() {
        ssl = new Openssl(dir);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static void assertBadRequest(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    }
}
