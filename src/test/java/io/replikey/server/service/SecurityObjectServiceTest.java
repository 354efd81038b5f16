package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.DigestAlgorithm;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.domain.SecurityObject;
import io.replikey.server.domain.User;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.AppGroupRecord;
import io.replikey.server.store.AppRecord;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.Store;
import io.replikey.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules of the security-object and crypto services that the HTTP tests cannot see, on a real
 * SQLite store: material at rest, lastused_at resolution, name races, disabled accounts.
 */
class SecurityObjectServiceTest {
    private static final int RACERS = 8;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private Store store;
    private KeySealer sealer;
    private SecurityObjectService objects;
    private CryptoService crypto;
    private UserPrincipal admin;
    private UUID acctId;
    private UUID groupId;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        sealer = KeySealer.of(MasterKey.of(key, 1));
        objects = new SecurityObjectService(store, sealer, clock);
        crypto = new CryptoService(store, sealer, clock);
        User user = new UserService(store, new PasswordHasher(1024, 1, 1), clock, true)
                .signup(new SignUp("ops@example.com", "correct horse battery", null, null));
        UserPrincipal creator = new UserPrincipal(user.userId(), "no-session", null);
        acctId = new AccountService(store, clock, new DecodedKeyCache())
                .create(creator, new NewAccount("standard", null, null, null))
                .acctId();
        admin = new UserPrincipal(user.userId(), "no-session", acctId);
        groupId = new GroupService(store, clock).create(admin, new GroupFields("keys", null, null)).groupId();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private NewSecurityObject aes(String name, byte[] value) {
        return new NewSecurityObject(name, null, ObjectType.AES, value == null ? 256 : null, null, null,
                EnumSet.of(KeyOperation.ENCRYPT, KeyOperation.EXPORT), null, null, groupId, value, null);
    }

    @Test
    void materialIsStoredOnlySealedAndBoundToItsObject() {
        byte[] value = new byte[32];
        new SecureRandom().nextBytes(value);
        SecurityObject imported = objects.importObject(admin, aes("imported", value.clone()));
        SecurityObject other = objects.generate(admin, aes("generated", null));

        SecurityObjectRecord row = store.read(tx -> tx.securityObjects().byId(acctId, imported.kid())).orElseThrow();
        assertThat(new String(row.sealedMaterial(), StandardCharsets.ISO_8859_1))
                .as("the plaintext is nowhere in the stored bytes")
                .doesNotContain(new String(value, StandardCharsets.ISO_8859_1));
        assertThat(row.masterKeyVersion()).isEqualTo(sealer.currentVersion());
        assertThat(sealer.open(row.sealedMaterial(), SealingContext.securityObject(acctId, imported.kid())))
                .isEqualTo(value);
        assertThatThrownBy(() -> sealer.open(row.sealedMaterial(), SealingContext.securityObject(acctId, other.kid())))
                .as("sealed material does not open as another object's").isNotNull();
        assertThat(objects.export(admin, KeyRef.byKid(imported.kid())).value()).isEqualTo(value);
    }

    @Test
    void lastUsedAtIsWrittenAtMostOncePerResolution() {
        SecurityObject key = objects.generate(admin, aes("used", null));
        CryptoRequests.Encrypt encrypt = new CryptoRequests.Encrypt(KeyRef.byKid(key.kid()), ObjectType.AES,
                io.replikey.server.crypto.AesCipher.Mode.GCM, null, new byte[16], null, null, null);
        Instant first = clock.instant();
        crypto.encrypt(admin, encrypt);
        assertThat(lastUsed(key)).isEqualTo(first);

        clock.advance(CryptoService.LAST_USED_RESOLUTION.minusSeconds(1));
        crypto.encrypt(admin, encrypt);
        assertThat(lastUsed(key)).as("within the resolution, no write").isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        crypto.encrypt(admin, encrypt);
        assertThat(lastUsed(key)).isEqualTo(clock.instant());
    }

    private Instant lastUsed(SecurityObject key) {
        return objects.get(admin, KeyRef.byKid(key.kid())).lastusedAt();
    }

    @Test
    void concurrentCreatesOfOneNameLeaveExactlyOneObject() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                Callable<String> create = () -> {
                    go.await();
                    try {
                        objects.generate(admin, aes("contested", null));
                        return "created";
                    } catch (ConflictException e) {
                        return "conflict";
                    }
                };
                results.add(pool.submit(create));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get(2, TimeUnit.MINUTES));
            }
            assertThat(outcomes).containsOnlyOnce("created").containsOnly("created", "conflict");
        } finally {
            pool.shutdownNow();
        }
        assertThat(objects.list(admin, new SecurityObjectQuery(null, "contested", null, null, null, null, null))
                .items()).hasSize(1);
    }

    @Test
    void aDisabledAccountChangesAndUsesNothingButStillReads() {
        SecurityObject key = objects.generate(admin, aes("frozen", null));
        setEnabled(false);
        assertThatThrownBy(() -> objects.generate(admin, aes("another", null))).isInstanceOf(ConflictException.class)
                .hasMessage("account is disabled");
        assertThatThrownBy(() -> objects.delete(admin, key.kid())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> crypto.sign(admin, new CryptoRequests.Sign(KeyRef.byKid(key.kid()),
                DigestAlgorithm.SHA256, new byte[1], null, null))).isInstanceOf(ConflictException.class)
                .as("the account rule comes before the key's own").hasMessage("account is disabled");
        assertThatThrownBy(() -> crypto.encrypt(admin, new CryptoRequests.Encrypt(KeyRef.byKid(key.kid()),
                ObjectType.AES, io.replikey.server.crypto.AesCipher.Mode.GCM, null, new byte[1], null, null, null)))
                .isInstanceOf(ConflictException.class).hasMessage("account is disabled");
        assertThat(objects.get(admin, KeyRef.byName("frozen")).kid()).isEqualTo(key.kid());
        assertThat(Arrays.areEqual(objects.export(admin, KeyRef.byKid(key.kid())).value(), new byte[32])).isFalse();
    }

    @Test
    void anAppUsesAndSeesObjectsOnlyAsItsGroupPermissionsAllow() {
        SecurityObject key = objects.generate(admin, new NewSecurityObject("shared", null, ObjectType.AES, 128, null,
                null, EnumSet.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT, KeyOperation.EXPORT), null, null,
                groupId, null, null));
        UUID otherGroup = new GroupService(store, clock).create(admin, new GroupFields("other", null, null))
                .groupId();
        objects.generate(admin, new NewSecurityObject("elsewhere", null, ObjectType.AES, 128, null, null, null, null,
                null, otherGroup, null, null));
        AppPrincipal app = newCryptoApp(List.of("ENCRYPT"));
        CryptoRequests.Encrypt encrypt = new CryptoRequests.Encrypt(KeyRef.byKid(key.kid()), ObjectType.AES,
                io.replikey.server.crypto.AesCipher.Mode.GCM, null, new byte[16], null, null, null);

        assertThat(crypto.encrypt(app, encrypt).kid()).isEqualTo(key.kid());
        assertThat(objects.get(app, KeyRef.byName("shared")).kid()).isEqualTo(key.kid());
        assertThat(objects.list(app, new SecurityObjectQuery(null, null, null, null, null, null, null)).items())
                .extracting(SecurityObject::name).containsExactly("shared");
        assertThatThrownBy(() -> objects.export(app, KeyRef.byKid(key.kid()))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("EXPORT_SOBJECTS");
        assertThatThrownBy(() -> objects.get(app, KeyRef.byName("elsewhere"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> objects.delete(app, key.kid())).isInstanceOf(ForbiddenException.class);

        store.transaction(tx -> {
            AppRecord record = tx.apps().byId(acctId, app.appId()).orElseThrow();
            tx.apps().update(new AppRecord(record.appId(), record.acctId(), record.name(), record.description(),
                    record.appType(), record.appInterface(), false, record.role(), record.credentialKind(),
                    record.sealedSecret(), record.masterKeyVersion(), record.certificate(),
                    record.trustedCaSubject(), record.trustedCaCertificates(), record.creator(), record.createdAt(),
                    record.lastusedAt()));
            return null;
        });
        assertThatThrownBy(() -> crypto.encrypt(app, encrypt)).as("a disabled app holds nothing")
                .isInstanceOf(ForbiddenException.class);
    }

    private AppPrincipal newCryptoApp(List<String> permissions) {
        UUID appId = UUID.randomUUID();
        store.transaction(tx -> {
            tx.apps().insert(new AppRecord(appId, acctId, "app-" + appId, null, "default", null, true, "crypto",
                    "secret", new byte[] {1}, 1, null, null, null,
                    new io.replikey.server.store.Creator("user", admin.userId()), 0, null));
            tx.appGroups().put(acctId, new AppGroupRecord(appId, groupId, permissions, true));
            return null;
        });
        return new AppPrincipal(appId, acctId, null);
    }

    private void setEnabled(boolean enabled) {
        store.transaction(tx -> {
            AccountRecord a = tx.accounts().byId(acctId).orElseThrow();
            tx.accounts().update(new AccountRecord(a.acctId(), a.name(), a.description(), enabled, a.purposeType(),
                    a.originalPurposeType(), a.replicationUrl(), a.scanIntervalHours(), a.activeCredentialId(),
                    a.createdAt()));
            return null;
        });
    }
}
