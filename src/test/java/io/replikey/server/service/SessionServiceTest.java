package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.error.ThrottledException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.SessionKind;
import io.replikey.server.store.SessionRecord;
import io.replikey.server.store.Store;
import io.replikey.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and login throttling on a real SQLite store, with a clock the test moves. */
class SessionServiceTest {
    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final Duration IDLE = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private Store store;
    private SessionService sessions;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        store = Store.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null);
        PasswordHasher fastHasher = new PasswordHasher(1024, 1, 1);
        new UserService(store, fastHasher, clock, true).signup(new SignUp(EMAIL, PASSWORD, null, null));
        sessions = new SessionService(store, fastHasher, clock, IDLE);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void tokenResolvesToItsUserAndOnlyItsHashIsStored() {
        SessionService.Issued issued = sessions.authenticate("OPS@example.com", PASSWORD);
        UserPrincipal caller = (UserPrincipal) sessions.resolve(issued.accessToken());
        assertThat(caller.userId()).isEqualTo(issued.entityId());
        assertThat(issued.expiresInSeconds()).isEqualTo(IDLE.toSeconds());
        assertThat(caller.tokenHash()).isNotEqualTo(issued.accessToken()).hasSize(64);
        Optional<SessionRecord> stored = store.read(tx -> tx.sessions().byTokenHash(caller.tokenHash()));
        assertThat(stored).isPresent();
        assertThat(stored.get().tokenHash()).isEqualTo(SessionService.hash(issued.accessToken()));
    }

    @Test
    void aSessionResolvesToThePrincipalItsKindNames() {
        String userToken = sessions.authenticate(EMAIL, PASSWORD).accessToken();
        UUID userId = ((UserPrincipal) sessions.resolve(userToken)).userId();
        UUID acctId = new AccountService(store, clock).create(new UserPrincipal(userId, "t", null),
                new NewAccount("apps", null, null, null)).acctId();
        AppService apps = new AppService(store, KeySealer.of(MasterKey.of(new byte[32], 1)), clock);
        UUID appId = apps.create(new UserPrincipal(userId, "t", acctId), new AppSettings("app", null, null, null,
                null, null, null, null, null, null, null, null)).appId();
        String appToken = "app-session-token";
        insertSession(new SessionRecord(SessionService.hash(appToken), SessionKind.APP, appId, acctId,
                clock.instant().getEpochSecond(), clock.instant().getEpochSecond()));

        assertThat(sessions.resolve(appToken))
                .isEqualTo(new AppPrincipal(appId, acctId, SessionService.hash(appToken)));
        assertThat(sessions.resolve(userToken)).isInstanceOf(UserPrincipal.class);
    }

    @Test
    void aSessionOfAnAppThatDoesNotExistAuthenticatesNobody() {
        String appToken = "app-session-token";
        insertSession(new SessionRecord(SessionService.hash(appToken), SessionKind.APP, UUID.randomUUID(),
                UUID.randomUUID(), clock.instant().getEpochSecond(), clock.instant().getEpochSecond()));

        assertThatThrownBy(() -> sessions.resolve(appToken)).isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("session is not valid");
    }

    @Test
    void anAppSessionWithoutItsAccountAuthenticatesNobody() {
        String appToken = "app-session-token";
        insertSession(new SessionRecord(SessionService.hash(appToken), SessionKind.APP, UUID.randomUUID(), null,
                clock.instant().getEpochSecond(), clock.instant().getEpochSecond()));

        assertThatThrownBy(() -> sessions.resolve(appToken)).isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("session is not valid");
    }

    private void insertSession(SessionRecord session) {
        store.transaction(tx -> {
            tx.sessions().insert(session);
            return null;
        });
    }

    @Test
    void idleSessionExpiresButUseKeepsItAlive() {
        String token = sessions.authenticate(EMAIL, PASSWORD).accessToken();
        clock.advance(IDLE.minusMinutes(1));
        sessions.resolve(token);
        clock.advance(IDLE.minusMinutes(1));
        assertThat(sessions.resolve(token)).isInstanceOf(UserPrincipal.class);
        clock.advance(IDLE.plusSeconds(1));
        assertThatThrownBy(() -> sessions.resolve(token)).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void purgeDeletesOnlyIdleSessions() {
        String stale = sessions.authenticate(EMAIL, PASSWORD).accessToken();
        clock.advance(IDLE.plusSeconds(1));
        String fresh = sessions.authenticate(EMAIL, PASSWORD).accessToken();
        assertThat(sessions.purgeIdleSessions()).isEqualTo(1);
        Optional<SessionRecord> purged = store.read(tx -> tx.sessions().byTokenHash(SessionService.hash(stale)));
        assertThat(purged).isEmpty();
        assertThat(sessions.resolve(fresh)).isInstanceOf(UserPrincipal.class);
    }

    @Test
    void terminatedSessionIsGone() {
        String token = sessions.authenticate(EMAIL, PASSWORD).accessToken();
        sessions.terminate(sessions.resolve(token));
        assertThatThrownBy(() -> sessions.resolve(token)).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void repeatedBadPasswordsAreThrottledThenTheRightPasswordWorksAgain() {
        for (int i = 0; i < SessionService.FREE_FAILURES; i++) {
            assertThatThrownBy(() -> sessions.authenticate(EMAIL, "wrong password"))
                    .isInstanceOf(NotAuthenticatedException.class);
        }
        assertThatThrownBy(() -> sessions.authenticate(EMAIL, PASSWORD))
                .as("throttled: even the right password waits").isInstanceOf(ThrottledException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(sessions.authenticate(EMAIL, PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> sessions.authenticate(EMAIL, "wrong password"))
                .as("success reset the counter").isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void backOffIsCappedSoTheRightPasswordIsNeverLockedOutForever() {
        for (int i = 0; i < 30; i++) {
            clock.advance(SessionService.MAX_BACKOFF); // lets every earlier back-off pass, so each attempt counts
            assertThatThrownBy(() -> sessions.authenticate(EMAIL, "wrong password"))
                    .isInstanceOf(NotAuthenticatedException.class);
        }
        clock.advance(SessionService.MAX_BACKOFF.minusSeconds(1));
        assertThatThrownBy(() -> sessions.authenticate(EMAIL, PASSWORD)).isInstanceOf(ThrottledException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(sessions.authenticate(EMAIL, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void onlyBearerTokensAreIssued() {
        assertThat(sessions.authenticate(EMAIL, PASSWORD, "Bearer").accessToken()).isNotBlank();
        assertThatThrownBy(() -> sessions.authenticate(EMAIL, PASSWORD, "Cookie"))
                .isInstanceOf(BadRequestException.class).hasMessage("token_type must be Bearer");
    }

    @Test
    void unknownEmailIsNotAuthenticated() {
        assertThatThrownBy(() -> sessions.authenticate("nobody@example.com", PASSWORD))
                .isInstanceOf(NotAuthenticatedException.class).hasMessage("invalid email or password");
    }
}
