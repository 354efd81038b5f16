package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeySealerTest {
    private static final byte[] SECRET = "private key material".getBytes(StandardCharsets.UTF_8);
    private static final UUID ACCT = UUID.fromString("3f2c8a1e-5b7d-4e9a-8c21-0d4b6f9e1a37");
    private static final UUID OBJECT = UUID.fromString("b81e4d2c-9a3f-4c57-a6e0-72d19f3b5c84");
    private static final HexFormat HEX = HexFormat.of();
    // Made by the first release's MasterKey.seal (commit 3ae4be8) under this key, so a database
    // and data directory from that release must keep opening.
    private static final String SHIPPED_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String SHIPPED_CREDENTIAL_KEY = "01e2dba86e011c7de68c99a49db0d373d537da29f533a56e99702ce10"
            + "cb42d3fcd99a8e93e3c3ec099f977b2b17cef67dda17a18";
    private static final String SHIPPED_TLS_KEY = "01a6b518f36a7c4e54fc202b02fa3627d7130565e75f90b52cdfd0187fce2127d"
            + "cc217b230565f4454bba1b3ed";

    private static MasterKey randomKey(int version) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return MasterKey.of(bytes, version);
    }

    @ParameterizedTest
    @EnumSource(SealingPurpose.class)
    void roundTripsUnderEveryPurpose(SealingPurpose purpose) {
        KeySealer sealer = KeySealer.of(randomKey(1));
        SealingContext context = new SealingContext(purpose, ACCT, OBJECT);

        byte[] sealed = sealer.seal(SECRET, context);

        assertThat(sealed[0]).as("format").isEqualTo((byte) 2);
        assertThat(KeySealer.versionOf(sealed)).isEqualTo(1);
        assertThat(HEX.formatHex(sealed)).doesNotContain(HEX.formatHex(SECRET));
        assertThat(sealer.open(sealed, context)).isEqualTo(SECRET);
    }

    @Test
    void aValueOpensOnlyUnderItsOwnPurposeAccountAndObject() {
        KeySealer sealer = KeySealer.of(randomKey(1));
        byte[] sealed = sealer.seal(SECRET, SealingContext.securityObject(ACCT, OBJECT));

        for (SealingPurpose other : SealingPurpose.values()) {
            if (other != SealingPurpose.SECURITY_OBJECT) {
                assertThatThrownBy(() -> sealer.open(sealed, new SealingContext(other, ACCT, OBJECT)))
                        .as("opened as %s", other).isInstanceOf(IllegalStateException.class);
            }
        }
        assertThatThrownBy(() -> sealer.open(sealed, SealingContext.securityObject(UUID.randomUUID(), OBJECT)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.open(sealed, SealingContext.securityObject(ACCT, UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
        // Account and object swapped must not collide either.
        assertThatThrownBy(() -> sealer.open(sealed, SealingContext.securityObject(OBJECT, ACCT)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openUsesTheVersionTheValueWasSealedUnder() {
        MasterKey v1 = randomKey(1);
        MasterKey v2 = randomKey(2);
        SealingContext context = SealingContext.appSecret(ACCT, OBJECT);
        byte[] oldValue = KeySealer.of(v1).seal(SECRET, context);

        KeySealer rotated = KeySealer.of(v2, v1);
        byte[] newValue = rotated.seal(SECRET, context);

        assertThat(rotated.currentVersion()).isEqualTo(2);
        assertThat(KeySealer.versionOf(newValue)).isEqualTo(2);
        assertThat(KeySealer.versionOf(oldValue)).isEqualTo(1);
        assertThat(rotated.open(oldValue, context)).isEqualTo(SECRET);
        assertThat(rotated.open(newValue, context)).isEqualTo(SECRET);
        assertThatThrownBy(() -> KeySealer.of(v2).open(oldValue, context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sealed value needs master key version 1, which is not configured (configured: 2)");
    }

    @Test
    void aVersionFieldPointingAtAnotherKeyDoesNotOpen() {
        MasterKey v1 = randomKey(1);
        KeySealer sealer = KeySealer.of(randomKey(2), v1);
        SealingContext context = SealingContext.securityObject(ACCT, OBJECT);
        byte[] sealed = sealer.seal(SECRET, context);
        sealed[4] = 1; // version 2 → 1

        assertThatThrownBy(() -> sealer.open(sealed, context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void everyTamperedByteAndEveryTruncationIsDetected() {
        KeySealer sealer = KeySealer.of(randomKey(1));
        SealingContext context = SealingContext.credentialKey(ACCT, OBJECT);
        byte[] sealed = sealer.seal(SECRET, context);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> sealer.open(tampered, context)).as("flip in byte %d", i)
                    .isInstanceOf(IllegalStateException.class);
        }
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> sealer.open(truncated, context)).as("truncated to %d", length)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void valuesSealedByTheFirstReleaseStillOpen() {
        KeySealer sealer = KeySealer.of(MasterKey.of(HEX.parseHex(SHIPPED_KEY), 1));

        assertThat(sealer.open(HEX.parseHex(SHIPPED_CREDENTIAL_KEY), SealingContext.credentialKey(ACCT, OBJECT)))
                .asString(StandardCharsets.UTF_8).isEqualTo("legacy credential pkcs8");
        assertThat(sealer.open(HEX.parseHex(SHIPPED_TLS_KEY), SealingContext.serverTlsKey()))
                .asString(StandardCharsets.UTF_8).isEqualTo("legacy tls pkcs8");
        assertThat(KeySealer.versionOf(HEX.parseHex(SHIPPED_TLS_KEY))).isEqualTo(1);
    }

    @Test
    void firstReleaseValuesOpenOnlyInTheirOwnContext() {
        KeySealer sealer = KeySealer.of(MasterKey.of(HEX.parseHex(SHIPPED_KEY), 1));
        byte[] credentialKey = HEX.parseHex(SHIPPED_CREDENTIAL_KEY);

        assertThatThrownBy(() -> sealer.open(credentialKey, SealingContext.credentialKey(ACCT, UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.open(credentialKey, SealingContext.serverTlsKey()))
                .isInstanceOf(IllegalStateException.class);
        // The first release sealed no security objects or app secrets: that format is refused for them.
        assertThatThrownBy(() -> sealer.open(credentialKey, SealingContext.securityObject(ACCT, OBJECT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("first release");
        assertThatThrownBy(() -> KeySealer.of(randomKey(2)).open(credentialKey, SealingContext.credentialKey(ACCT, OBJECT)))
                .hasMessageContaining("needs master key version 1");
    }

    @Test
    void theCurrentFormatIsAesGcmOverTheDocumentedLayout() throws Exception {
        // Independent check with the JDK's own provider: header || nonce || ciphertext || tag, the
        // associated data being the header followed by the context's text.
        byte[] keyBytes = HEX.parseHex(SHIPPED_KEY);
        KeySealer sealer = KeySealer.of(MasterKey.of(keyBytes.clone(), 7));
        byte[] sealed = sealer.seal(SECRET, SealingContext.appSecret(ACCT, OBJECT));

        assertThat(Arrays.copyOf(sealed, 5)).isEqualTo(new byte[] {2, 0, 0, 0, 7});
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, sealed, 5, 12));
        cipher.updateAAD(Arrays.copyOf(sealed, 5));
        cipher.updateAAD(("replikey:app-secret:" + ACCT + ":" + OBJECT).getBytes(StandardCharsets.US_ASCII));
        assertThat(cipher.doFinal(sealed, 17, sealed.length - 17)).isEqualTo(SECRET);
    }

    @Test
    void aKeyringRefusesDuplicateOrNonPositiveVersions() {
        assertThatThrownBy(() -> KeySealer.of(randomKey(1), randomKey(1))).hasMessageContaining("version 1");
        assertThatThrownBy(() -> KeySealer.of(randomKey(0))).hasMessageContaining("positive");
    }
}
