package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.crypto.DecodedKeyCache;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions and login throttling on a real SQLite store, with a clock the test moves. */
class SessionServiceTest {
    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final Duration IDLE = Duration.ofMinutes(15);
    private static final String ADDRESS_A = "192.0.2.10";
    private static final String ADDRESS_B = "2001:db8::b";

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
        SessionService.Issued issued = login("OPS@example.com", PASSWORD);
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
        String userToken = login(EMAIL, PASSWORD).accessToken();
        UUID userId = ((UserPrincipal) sessions.resolve(userToken)).userId();
        UUID acctId = new AccountService(store, clock, new DecodedKeyCache())
                .create(new UserPrincipal(userId, "t", null),
                new NewAccount("apps", null, null, null)).acctId();
        AppService apps = new AppService(store, KeySealer.of(MasterKey.of(randomKey(), 1)), clock);
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
        String token = login(EMAIL, PASSWORD).accessToken();
        clock.advance(IDLE.minusMinutes(1));
        sessions.resolve(token);
        clock.advance(IDLE.minusMinutes(1));
        assertThat(sessions.resolve(token)).isInstanceOf(UserPrincipal.class);
        clock.advance(IDLE.plusSeconds(1));
        assertThatThrownBy(() -> sessions.resolve(token)).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void purgeDeletesOnlyIdleSessions() {
        String stale = login(EMAIL, PASSWORD).accessToken();
        clock.advance(IDLE.plusSeconds(1));
        String fresh = login(EMAIL, PASSWORD).accessToken();
        assertThat(sessions.purgeIdleSessions()).isEqualTo(1);
        Optional<SessionRecord> purged = store.read(tx -> tx.sessions().byTokenHash(SessionService.hash(stale)));
        assertThat(purged).isEmpty();
        assertThat(sessions.resolve(fresh)).isInstanceOf(UserPrincipal.class);
    }

    @Test
    void terminatedSessionIsGone() {
        String token = login(EMAIL, PASSWORD).accessToken();
        sessions.terminate(sessions.resolve(token));
        assertThatThrownBy(() -> sessions.resolve(token)).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void repeatedBadPasswordsAreThrottledThenTheRightPasswordWorksAgain() {
        for (int i = 0; i < SessionService.FREE_FAILURES; i++) {
            assertThatThrownBy(() -> login(EMAIL, "wrong password"))
                    .isInstanceOf(NotAuthenticatedException.class);
        }
        assertThatThrownBy(() -> login(EMAIL, PASSWORD))
                .as("throttled: even the right password waits").isInstanceOf(ThrottledException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(login(EMAIL, PASSWORD).accessToken()).isNotBlank();
        assertThatThrownBy(() -> login(EMAIL, "wrong password"))
                .as("success reset the counter").isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void backOffIsCappedSoTheRightPasswordIsNeverLockedOutForever() {
        for (int i = 0; i < 30; i++) {
            clock.advance(SessionService.MAX_BACKOFF); // lets every earlier back-off pass, so each attempt counts
            assertThatThrownBy(() -> login(EMAIL, "wrong password"))
                    .isInstanceOf(NotAuthenticatedException.class);
        }
        clock.advance(SessionService.MAX_BACKOFF.minusSeconds(1));
        assertThatThrownBy(() -> login(EMAIL, PASSWORD)).isInstanceOf(ThrottledException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(login(EMAIL, PASSWORD).accessToken()).isNotBlank();
    }

    @Test
    void aThrottledAddressDoesNotLockTheOwnerOutFromAnother() {
        failFrom(ADDRESS_A, SessionService.FREE_FAILURES);
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_A))
                .as("the guessing address waits, even with the right password").isInstanceOf(ThrottledException.class);

        assertThat(login(EMAIL, PASSWORD, ADDRESS_B).accessToken()).as("the owner elsewhere").isNotBlank();
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_A))
                .as("the owner's success does not free the guessing address").isInstanceOf(ThrottledException.class);
        for (int i = 0; i < SessionService.FREE_FAILURES - 1; i++) {
            assertThatThrownBy(() -> login(EMAIL, "wrong password", ADDRESS_B))
                    .as("B has its own count").isInstanceOf(NotAuthenticatedException.class);
        }
    }

    @Test
    void concurrentGuessesCannotAllSlipPastTheThrottle() throws Exception {
        int guesses = 16;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Class<?>>> outcomes = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        login(EMAIL, "wrong password", ADDRESS_A);
                        return Void.class;
                    } catch (RuntimeException e) {
                        return e.getClass();
                    }
                }));
            }
            go.countDown();
            List<Class<?>> answers = new ArrayList<>();
            for (Future<Class<?>> outcome : outcomes) {
                answers.add(outcome.get(2, TimeUnit.MINUTES));
            }
            // every attempt is counted before its password is checked, so the throttle set by the
            // fifth holds back the rest, however many were let in at once
            assertThat(answers).filteredOn(NotAuthenticatedException.class::equals)
                    .hasSize(SessionService.FREE_FAILURES);
            assertThat(answers).filteredOn(ThrottledException.class::equals)
                    .hasSize(guesses - SessionService.FREE_FAILURES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrottledLoginSaysHowLongToWait() {
        failFrom(ADDRESS_A, SessionService.FREE_FAILURES);
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_A)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        failFrom(ADDRESS_A, 1);
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_A)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.retryAfterSeconds()).as("doubled").isEqualTo(2));
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_A)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(login(EMAIL, PASSWORD, ADDRESS_A).accessToken()).isNotBlank();
    }

    @Test
    void failuresFromManyAddressesMeetThePerUserCeilingEverywhere() {
        int addresses = SessionService.FREE_FAILURES_PER_USER / (SessionService.FREE_FAILURES - 1);
        for (int i = 0; i < addresses; i++) {
            // each address stays below its own limit: only the per-user ceiling can stop this guesser
            failFrom("198.51.100." + i, SessionService.FREE_FAILURES - 1);
        }
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_B))
                .as("past the ceiling, the owner waits too").isInstanceOf(ThrottledException.class);

        clock.advance(Duration.ofSeconds(1));
        failFrom("203.0.113.1", 1);
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_B)).isInstanceOfSatisfying(ThrottledException.class,
                e -> assertThat(e.retryAfterSeconds()).as("doubled").isEqualTo(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(login(EMAIL, PASSWORD, ADDRESS_B).accessToken()).isNotBlank();
        failFrom("203.0.113.2", 1); // the success reset the ceiling's count: a failure is a plain 401 again
        assertThat(login(EMAIL, PASSWORD, ADDRESS_B).accessToken()).isNotBlank();
    }

    @Test
    void aQuietAddressIsForgottenARecentOneIsKept() {
        failFrom(ADDRESS_A, SessionService.FREE_FAILURES - 1);
        clock.advance(SessionService.THROTTLE_MEMORY);
        failFrom(ADDRESS_B, SessionService.FREE_FAILURES);
        clock.advance(Duration.ofSeconds(1));

        assertThat(sessions.purgeQuietLoginThrottles()).isEqualTo(1);
        failFrom(ADDRESS_A, SessionService.FREE_FAILURES - 1); // A starts again from zero, so still no 429
        failFrom(ADDRESS_B, 1); // B still counts: its sixth failure throttles it at once
        assertThatThrownBy(() -> login(EMAIL, PASSWORD, ADDRESS_B)).isInstanceOf(ThrottledException.class);
        assertThat(login(EMAIL, PASSWORD, ADDRESS_A).accessToken()).isNotBlank();
    }

    @Test
    void theEmailIsComparedAfterNfkcAndCaseFolding() {
        assertThat(login("ＯＰＳ@ｅｘａｍｐｌｅ.ｃｏｍ", PASSWORD).entityId()) // full-width forms
                .isEqualTo(login(EMAIL, PASSWORD).entityId());
    }

    @Test
    void onlyBearerTokensAreIssued() {
        assertThat(sessions.authenticate(EMAIL, PASSWORD, ADDRESS_A, "Bearer").accessToken()).isNotBlank();
        assertThatThrownBy(() -> sessions.authenticate(EMAIL, PASSWORD, ADDRESS_A, "Cookie"))
                .isInstanceOf(BadRequestException.class).hasMessage("token_type must be Bearer");
    }

    @Test
    void unknownEmailIsNotAuthenticated() {
        assertThatThrownBy(() -> login("nobody@example.com", PASSWORD))
                .isInstanceOf(NotAuthenticatedException.class).hasMessage("invalid email or password");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private SessionService.Issued login(String email, String password) {
        return login(email, password, ADDRESS_A);
    }

    private SessionService.Issued login(String email, String password, String clientAddress) {
        return sessions.authenticate(email, password, clientAddress, null);
    }

    /** {@code times} wrong passwords from {@code clientAddress}, each answered 401 (not 429). */
    private void failFrom(String clientAddress, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> login(EMAIL, "wrong password", clientAddress))
                    .isInstanceOf(NotAuthenticatedException.class);
        }
    }
}
