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
    private ReplicationCredentialService credentials;
    private UserPrincipal admin;
    private UUID acctId;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        credentials = new ReplicationCredentialService(store, KeySealer.of(MasterKey.of(key, 1)),
                new SelfSignedCertificateFactory(clock, new SecureRandom()), CredentialKeyType.EC_P256, clock,
                new DecodedKeyCache());
        User user = new UserService(store, new PasswordHasher(1024, 1, 1), clock, true)
                .signup(new SignUp("ops@example.com", "correct horse battery", null, null));
        admin = new UserPrincipal(user.userId(), "no-session", null);
        acctId = new AccountService(store, clock, new DecodedKeyCache()).create(admin,
                new NewAccount("replica", null, null,
                        new Purpose.Replication("https://source.example.com", 6, null))).acctId();
    }

    @AfterEach
    void tearDown() {
        store.close();
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
