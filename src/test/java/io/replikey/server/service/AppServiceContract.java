package io.replikey.server.service;

import io.replikey.server.crypto.DecodedKeyCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.access.AppPermission;
import io.replikey.server.access.AppRole;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.domain.App;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.Creator;
import io.replikey.server.store.GroupRecord;
import io.replikey.server.store.Store;
import io.replikey.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app rules on a real store: groups, credentials, and how authentication and sessions follow
 * the app. Each subclass supplies empty databases of one dialect.
 */
abstract class AppServiceContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private Store store;
    private AppService apps;
    private SessionService sessions;
    private Principal admin;
    private UUID acctId;
    private Principal otherAdmin;

    /** A JDBC URL of a new, empty database that no other test uses. */
    abstract String newEmptyDatabase(Path dir);

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open(newEmptyDatabase(dir), null, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        apps = new AppService(store, KeySealer.of(MasterKey.of(key, 1)), clock);
        PasswordHasher fastHasher = new PasswordHasher(1024, 1, 1);
        sessions = new SessionService(store, fastHasher, clock, Duration.ofMinutes(15));
        UserService users = new UserService(store, fastHasher, clock, true);
        AccountService accounts = new AccountService(store, clock, new DecodedKeyCache());
        UUID userId = users.signup(new SignUp("ops@example.com", "correct horse battery", null, null)).userId();
        acctId = accounts.create(new UserPrincipal(userId, "t", null), new NewAccount("source", null, null, null))
                .acctId();
        admin = new UserPrincipal(userId, "t", acctId);
        UUID otherId = users.signup(new SignUp("other@example.com", "correct horse battery", null, null)).userId();
        UUID otherAcct = accounts.create(new UserPrincipal(otherId, "o", null),
                new NewAccount("other", null, null, null)).acctId();
        otherAdmin = new UserPrincipal(otherId, "o", otherAcct);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void groupsArePermissionsPerGroupWithOneDefaultAndOnlyTheAccountsOwn() {
        UUID signing = group(acctId, "signing");
        UUID export = group(acctId, "export");
        UUID foreign = group(((UserPrincipal) otherAdmin).selectedAccountId(), "foreign");
        Map<UUID, Set<AppPermission>> add = new LinkedHashMap<>();
        add.put(signing, EnumSet.of(AppPermission.SIGN));
        add.put(export, null);
        App app = apps.create(admin, settings("grouped", null, add, null, null, export));
        assertThat(app.groups()).containsEntry(signing, Set.of(AppPermission.SIGN))
                .containsEntry(export, EnumSet.allOf(AppPermission.class));
        assertThat(app.defaultGroup()).isEqualTo(export);

        App moved = apps.update(admin, app.appId(), settings(null, null, null,
                Map.of(signing, EnumSet.of(AppPermission.VERIFY)), Set.of(export), null));
        assertThat(moved.groups()).containsOnlyKeys(signing).containsEntry(signing, Set.of(AppPermission.VERIFY));
        assertThat(moved.defaultGroup()).as("the default left with its membership").isNull();

        assertThatThrownBy(() -> apps.update(admin, app.appId(), settings(null, null,
                Map.of(foreign, EnumSet.of(AppPermission.SIGN)), null, null, null)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> apps.update(admin, app.appId(), settings(null, null, null, null, Set.of(export),
                null))).as("not a member any more").isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apps.update(admin, app.appId(), settings(null, null, null, null, null, export)))
                .as("default must be a member").isInstanceOf(BadRequestException.class);
        assertThat(apps.get(admin, app.appId()).groups()).isEqualTo(moved.groups());
    }

    @Test
    void namesAreUniquePerAccountAndOneLine() {
        apps.create(admin, settings("same", null, null, null, null, null));
        assertThatThrownBy(() -> apps.create(admin, settings("same", null, null, null, null, null)))
                .isInstanceOf(ConflictException.class);
        assertThat(apps.create(otherAdmin, settings("same", null, null, null, null, null)).name()).isEqualTo("same");
        assertThatThrownBy(() -> apps.create(admin, settings("two\nlines", null, null, null, null, null)))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apps.create(admin, settings(" ", null, null, null, null, null)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void theExistingSecretKeepsTheKeyAndAnyOtherStringIsRefused() {
        App app = apps.create(admin, settings("keeper", null, null, null, null, null));
        String secret = apps.credential(admin, app.appId()).secret();
        apps.update(admin, app.appId(), settings(null, new AppCredentialSpec.ExistingSecret(secret), null, null, null,
                null));
        assertThat(apps.credential(admin, app.appId()).secret()).isEqualTo(secret);
        assertThatThrownBy(() -> apps.update(admin, app.appId(), settings(null,
                new AppCredentialSpec.ExistingSecret(secret + "x"), null, null, null, null)))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apps.create(admin, settings("given", new AppCredentialSpec.ExistingSecret(secret),
                null, null, null, null))).isInstanceOf(BadRequestException.class);
        assertThat(apps.authenticateWithSecret(app.appId(), secret).appId()).isEqualTo(app.appId());
    }

    @Test
    void anAppSessionLastsOnlyWhileItsAppIsUsableWithTheSameCredential() {
        App app = apps.create(admin, settings("session", null, null, null, null, null));
        String secret = apps.credential(admin, app.appId()).secret();
        String token = sessions.openAppSession(apps.authenticateWithSecret(app.appId(), secret), null).accessToken();
        assertThat(sessions.resolve(token)).isInstanceOf(AppPrincipal.class);

        apps.resetSecret(admin, app.appId(), null);
        assertThatThrownBy(() -> sessions.resolve(token)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> apps.authenticateWithSecret(app.appId(), secret))
                .isInstanceOf(NotAuthenticatedException.class);

        String fresh = apps.credential(admin, app.appId()).secret();
        String second = sessions.openAppSession(apps.authenticateWithSecret(app.appId(), fresh), null).accessToken();
        apps.delete(admin, app.appId());
        assertThatThrownBy(() -> sessions.resolve(second)).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> apps.authenticateWithSecret(app.appId(), fresh))
                .isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void appsAreManagedInTheSelectedAccountByItsAdministratorsAndAdminApps() {
        UserPrincipal noAccount = new UserPrincipal(((UserPrincipal) admin).userId(), "t", null);
        assertThatThrownBy(() -> apps.list(noAccount, 0, 10)).isInstanceOf(ForbiddenException.class);

        App adminApp = apps.create(admin, settings("admin-app", null, null, null, null, null, AppRole.ADMIN));
        App cryptoApp = apps.create(admin, settings("crypto-app", null, null, null, null, null, AppRole.CRYPTO));
        AppPrincipal asAdmin = new AppPrincipal(adminApp.appId(), acctId, null);
        AppPrincipal asCrypto = new AppPrincipal(cryptoApp.appId(), acctId, null);
        assertThat(apps.list(asAdmin, 0, 10).count()).isEqualTo(2);
        assertThatThrownBy(() -> apps.list(asCrypto, 0, 10)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> apps.get(otherAdmin, adminApp.appId())).isInstanceOf(NotFoundException.class);

        apps.update(admin, adminApp.appId(), settings(null, null, null, null, null, null, AppRole.CRYPTO));
        assertThatThrownBy(() -> apps.list(asAdmin, 0, 10)).as("a changed role counts at once")
                .isInstanceOf(ForbiddenException.class);
    }

    private UUID group(UUID account, String name) {
        UUID groupId = UUID.randomUUID();
        store.transaction(tx -> tx.groups().insert(new GroupRecord(groupId, account, name, null, null,
                new Creator("system", null), clock.instant().getEpochSecond())));
        return groupId;
    }

    private static AppSettings settings(String name, AppCredentialSpec credential,
            Map<UUID, Set<AppPermission>> add, Map<UUID, Set<AppPermission>> mod, Set<UUID> del, UUID defaultGroup) {
        return new AppSettings(name, null, null, null, null, null, credential, add, mod, del, defaultGroup, null);
    }

    private static AppSettings settings(String name, AppCredentialSpec credential,
            Map<UUID, Set<AppPermission>> add, Map<UUID, Set<AppPermission>> mod, Set<UUID> del, UUID defaultGroup,
            AppRole role) {
        return new AppSettings(name, null, null, null, role, null, credential, add, mod, del, defaultGroup, null);
    }
}
