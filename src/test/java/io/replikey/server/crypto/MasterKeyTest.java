package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    private static final byte[] SECRET = "pkcs8 private key bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "account=a1;credential=c1".getBytes(StandardCharsets.UTF_8);

    private static MasterKey randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return MasterKey.of(bytes, 1);
    }

    @Test
    void sealedDataOpensWithTheSameKeyAndAssociatedData() {
        MasterKey key = randomKey();
        byte[] sealed = key.seal(SECRET, AAD);

        assertThat(Base64.getEncoder().encodeToString(sealed)).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
        assertThat(key.open(sealed, AAD)).isEqualTo(SECRET);
    }

    @Test
    void eachSealUsesAFreshNonce() {
        MasterKey key = randomKey();
        byte[] first = key.seal(SECRET, AAD);
        byte[] second = key.seal(SECRET, AAD);

        assertThat(second).isNotEqualTo(first);
        // Output nonce(12) || ...: the nonces themselves must differ, not just the tags.
        assertThat(Arrays.copyOfRange(second, 0, 12)).isNotEqualTo(Arrays.copyOfRange(first, 0, 12));
    }

    @Test
    void aRecordMovedToOtherAssociatedDataDoesNotOpen() {
        MasterKey key = randomKey();
        byte[] sealed = key.seal(SECRET, AAD);

        assertThatThrownBy(() -> key.open(sealed, "account=a1;credential=c2".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyTamperedByteIsDetected() {
        MasterKey key = randomKey();
        byte[] sealed = key.seal(SECRET, AAD);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> key.open(tampered, AAD)).as("flip in byte %d", i)
                    .isInstanceOf(IllegalStateException.class);
        }
        byte[] truncated = Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> key.open(truncated, AAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyCannotOpen() {
        byte[] sealed = randomKey().seal(SECRET, AAD);

        assertThatThrownBy(() -> randomKey().open(sealed, AAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReloadsAsTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey created = MasterKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        MasterKey reloaded = MasterKey.loadOrCreate(file);
        assertThat(reloaded.open(created.seal(SECRET, AAD), AAD)).isEqualTo(SECRET);
    }

    @Test
    void aKeyFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKey.loadOrCreate(file)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(file)).hasMessageContaining("chmod 600");
    }

    @Test
    void toStringDoesNotRevealTheKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        MasterKey key = MasterKey.fromBase64(base64, 3);

        assertThat(key.toString()).doesNotContain(base64).doesNotContainIgnoringCase(hex);
    }
}
