package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.server.domain.Purpose;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.Store;
import io.replikey.server.domain.User;
import io.replikey.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules of the credential service that the HTTP API cannot reach today, on a real SQLite store. */
class ReplicationCredentialServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private Store store;
    private final DecodedKeyCache decodedKeys = new DecodedKeyCache();
    private ReplicationCredentialService credentials;
    private AccountService accounts;
    private UserPrincipal admin;
    private UUID acctId;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        credentials = new ReplicationCredentialService(store, KeySealer.of(MasterKey.of(key, 1)),
                new SelfSignedCertificateFactory(clock, new SecureRandom()), CredentialKeyType.EC_P256, clock,
                decodedKeys);
        User user = new UserService(store, new PasswordHasher(1024, 1, 1), clock, true)
                .signup(new SignUp("ops@example.com", "correct horse battery", null, null));
        admin = new UserPrincipal(user.userId(), "no-session", null);
        accounts = new AccountService(store, clock, decodedKeys);
        acctId = accounts.create(admin,
                new NewAccount("replica", null, null,
                        new Purpose.Replication("https://source.example.com", 6, null))).acctId();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /** Issue 8: a decoded key is dropped when its credential is deleted or its account fails over. */
    @Test
    void decodedKeysGoWithTheirCredentialAndWithAFailover() {
        UUID first = credentials.create(admin, acctId, new NewCredential(null)).credentialId();
        UUID second = credentials.create(admin, acctId, new NewCredential(null)).credentialId();
        byte[] firstSealed = sealedKey(first);
        byte[] secondSealed = sealedKey(second);
        credentials.selfSign(admin, acctId, first);
        credentials.selfSign(admin, acctId, second);
        UUID standard = accounts.create(admin, new NewAccount("standard", null, null, new Purpose.Standard()))
                .acctId();
        assertThat(cached(first, firstSealed)).isTrue();
        assertThat(cached(second, secondSealed)).isTrue();

        credentials.delete(admin, acctId, first);
        assertThat(cached(first, firstSealed)).as("deleted credential").isFalse();
        assertThat(cached(second, secondSealed)).isTrue();

        accounts.update(admin, standard, new AccountChanges("renamed", null, null, null));
        assertThat(cached(second, secondSealed)).as("after another account's change").isTrue();

        accounts.update(admin, acctId, new AccountChanges(null, null, null, new Purpose.Standard()));
        assertThat(cached(second, secondSealed)).as("after the failover").isFalse();
    }

    private byte[] sealedKey(UUID credentialId) {
        return store.read(tx -> tx.credentials().byId(acctId, credentialId)).orElseThrow().sealedPrivateKey();
    }

    /** Whether the cache answers without decoding (a miss leaves a keyless entry: probe each id until it misses). */
    private boolean cached(UUID credentialId, byte[] sealed) {
        return decodedKeys.get(credentialId, sealed, () -> null) != null;
    }

    @Test
    void disablingAnAccountStopsEveryCredentialChangeAndSignatureButNotReads() {
        UUID id = credentials.create(admin, acctId, new NewCredential(null))
                .credentialId();
        byte[] certificate = credentials.selfSign(admin, acctId, id);
        setEnabled(false);

        assertThatThrownBy(() -> credentials.selfSign(admin, acctId, id)).isInstanceOf(ConflictException.class)
                .hasMessage("account is disabled");
        assertThatThrownBy(() -> credentials.create(admin, acctId,
                new NewCredential(null))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> credentials.update(admin, acctId, id, new CredentialChanges(
                UUID.randomUUID(), null))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> credentials.delete(admin, acctId, id)).isInstanceOf(ConflictException.class);
        assertThat(credentials.list(admin, acctId)).hasSize(1);
        assertThat(credentials.get(admin, acctId, id).appId()).isNull();

        setEnabled(true);
        assertThat(credentials.selfSign(admin, acctId, id)).isNotEqualTo(certificate);
    }

    @Test
    void createdCredentialReportsTheSlotTheDatabaseGaveIt() {
        NewCredential request = new NewCredential(null);
        assertThat(credentials.create(admin, acctId, request).slot()).isEqualTo(1);
        assertThat(credentials.create(admin, acctId, request).slot()).isEqualTo(2);
    }

    @Test
    void aMemberWithoutManageReplicationIsForbidden() {
        User member = new UserService(store, new PasswordHasher(1024, 1, 1), clock, true)
                .signup(new SignUp("member@example.com", "correct horse battery", null, null));
        store.transaction(tx -> {
            tx.accounts().addMember(acctId, member.userId(), AccountRole.ACCOUNTMEMBER);
            return null;
        });
        UserPrincipal plainMember = new UserPrincipal(member.userId(), "no-session", null);
        assertThatThrownBy(() -> credentials.list(plainMember, acctId)).isInstanceOf(ForbiddenException.class)
                .hasMessage("missing permission MANAGE_REPLICATION in this account");
        assertThatThrownBy(() -> credentials.create(plainMember, acctId,
                new NewCredential(null))).isInstanceOf(ForbiddenException.class);
        assertThat(credentials.list(admin, acctId)).isEqualTo(List.of());
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
