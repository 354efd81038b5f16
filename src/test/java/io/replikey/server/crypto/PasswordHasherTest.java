package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    // Tiny Argon2 cost keeps the tests fast; recommended() gets one test of its own.
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String phc = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
    }

    @Test
    void hashesAreArgon2idPhcStringsCarryingTheirParameters() {
        assertThat(hasher.hash("pw")).startsWith("$argon2id$v=19$m=1024,t=1,p=1$")
                .matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        String first = hasher.hash("pw");
        String second = hasher.hash("pw");

        assertThat(second).isNotEqualTo(first);
        assertThat(hasher.verify("pw", first)).isTrue();
        assertThat(hasher.verify("pw", second)).isTrue();
    }

    @Test
    void aHashVerifiesWhateverTheVerifiersOwnParameters() {
        // Parameters come from the stored string, so raising the cost keeps old hashes valid.
        String phc = hasher.hash("pw");

        assertThat(new PasswordHasher(2048, 2, 1).verify("pw", phc)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "$", "$argon2id$", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA", "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=19$m=1024$c2FsdHNhbHRzYWx0$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaA",
            "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$***", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0",
            "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=0$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=19$m=1024,t=1,p=1$$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA$extra"})
    void malformedStringsAreFalseNotExceptions(String phc) {
        assertThat(hasher.verify("pw", phc)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$argon2id$v=19$m=2000000000,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=19$m=1024,t=1000000,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=19$m=1024,t=1,p=255$c2FsdHNhbHRzYWx0$aGFzaA",
            "$argon2id$v=19$t=1,m=1024,p=1$c2FsdHNhbHRzYWx0$aGFzaA"})
    void tamperedCostParametersAreRefusedWithoutRunningTheKdf(String phc) {
        // Without the bounds the first two would exhaust memory or run for hours instead of answering.
        assertThat(hasher.verify("pw", phc)).isFalse();
    }

    @Test
    void recommendedParametersAreOwasps() {
        PasswordHasher recommended = PasswordHasher.recommended();
        String phc = recommended.hash("pw");

        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(recommended.verify("pw", phc)).isTrue();
        assertThat(recommended.verify("pW", phc)).isFalse();
    }
}
