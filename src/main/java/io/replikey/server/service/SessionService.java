package io.replikey.server.service;

import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.error.ThrottledException;
import io.replikey.server.access.AccessPolicy;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AppRecord;
import io.replikey.server.store.SessionKind;
import io.replikey.server.store.SessionRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import io.replikey.server.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * User and app sessions. A token is 256 random bits handed to the client once; the database keeps only
 * its SHA-256, so any node can resolve it and a database leak reveals no usable token. A session
 * expires after {@code idleTimeout} without use.
 *
 * <p>Bad passwords are throttled per user and client address: after {@value #FREE_FAILURES}
 * consecutive failures from one address, every attempt from that address (right or wrong) is
 * refused with 429 until a back-off that doubles per failure, capped at {@link #MAX_BACKOFF}, has
 * passed; the right password then works and resets that address's count. Other addresses are not
 * affected, so whoever knows an email cannot lock its owner out. A distributed guesser meets the
 * per-user ceiling instead: after {@value #FREE_FAILURES_PER_USER} failures from all addresses
 * together, the same capped back-off applies to the user from everywhere, until a successful
 * login resets it. An address that fails no more for {@link #THROTTLE_MEMORY} starts afresh.
 * Each attempt is counted before its password is checked (a success then resets the counts), so
 * a burst of parallel guesses gets no further than the same guesses one by one; attempts refused
 * with 429 are not counted.
 * The state is in the database, so the limit holds across nodes.
 *
 * <p>Sessions are resolved with {@link Store#read}, which may answer from this node's reads of the
 * last second: a session ended through another node may be accepted here up to a second longer;
 * one ended through this node is refused at once. Thread-safe.
 */
public final class SessionService {
    static final int FREE_FAILURES = 5;
    static final int FREE_FAILURES_PER_USER = 100;
    static final Duration THROTTLE_MEMORY = Duration.ofDays(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** Writing last_used_at on every request would turn every read into a write; once a minute is enough. */
    private static final long TOUCH_INTERVAL_SECONDS = 60;
    public static final String BEARER = "Bearer";

    private final Store store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration idleTimeout;
    private final SecureRandom random = new SecureRandom();
    /** Verified against unknown emails so that they cost the same time as known ones. */
    private final String decoyHash;

    public SessionService(Store store, PasswordHasher hasher, Clock clock, Duration idleTimeout) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.decoyHash = hasher.hash("decoy password, never valid");
    }

    /** A new session token with its lifetime. */
    public record Issued(String accessToken, UUID entityId, long expiresInSeconds) {
    }

    /**
     * Authenticates a user by email and password and opens a session.
     *
     * @param clientAddress      the address the attempt comes from, as the server sees it; failed
     *                           logins are throttled per user and address
     * @param requestedTokenType the token type the request names; replikey issues Bearer tokens
     *                           only (null means the default, Bearer)
     */
    public Issued authenticate(String email, String password, String clientAddress, String requestedTokenType) {
        requireBearer(requestedTokenType);
        long now = clock.instant().getEpochSecond();
        Optional<UserRecord> found = store.read(tx -> tx.users().byEmail(Emails.canonical(email)));
        if (found.isEmpty()) {
            hasher.verify(password, decoyHash);
            throw new NotAuthenticatedException("invalid email or password");
        }
        UserRecord user = found.get();
        countAttempt(user.userId(), clientAddress, now);
        if (!hasher.verify(password, user.passwordHash())) {
            throw new NotAuthenticatedException("invalid email or password");
        }
        String token = newToken();
        store.transaction(tx -> {
            tx.users().recordSuccessfulLogin(user.userId(), now);
            tx.loginThrottles().clear(user.userId(), clientAddress);
            tx.sessions().insert(new SessionRecord(hash(token), SessionKind.USER, user.userId(), null, now, now));
            return null;
        });
        return new Issued(token, user.userId(), idleTimeout.toSeconds());
    }

    /**
     * Opens a session for an app that has just authenticated (API key or client certificate). It
     * resolves to the app in its own account for as long as the app exists and is enabled.
     */
    public Issued openAppSession(AppPrincipal app, String requestedTokenType) {
        requireBearer(requestedTokenType);
        String token = newToken();
        long now = clock.instant().getEpochSecond();
        store.transaction(tx -> {
            tx.sessions().insert(new SessionRecord(hash(token), SessionKind.APP, app.appId(), app.acctId(), now, now));
            return null;
        });
        return new Issued(token, app.appId(), idleTimeout.toSeconds());
    }

    private static void requireBearer(String requestedTokenType) {
        if (requestedTokenType != null && !BEARER.equals(requestedTokenType)) {
            throw new BadRequestException("token_type must be Bearer");
        }
    }

    /**
     * Counts the attempt as a failure before the password is verified, so that concurrent guesses
     * cannot all pass the throttle before any of them is counted; a success then resets the counts.
     * Refuses it with 429, counting nothing, when the user or the address is throttled. The users
     * row is always written before the login_throttles row, so that no two logins deadlock.
     */
    private void countAttempt(UUID userId, String clientAddress, long now) {
        store.transaction(tx -> {
            int overall = tx.users().countFailureUnlessThrottled(userId, now);
            if (overall == 0) {
                throw throttled(tx.users().byId(userId).orElseThrow().throttledUntil() - now);
            }
            int fromAddress = tx.loginThrottles().countFailureUnlessThrottled(userId, clientAddress, now);
            if (fromAddress == 0) { // thrown inside the transaction: the per-user count is rolled back
                throw throttled(tx.loginThrottles().find(userId, clientAddress).orElseThrow().throttledUntil() - now);
            }
            if (overall >= FREE_FAILURES_PER_USER) {
                tx.users().throttleUntil(userId, now + backOffSeconds(overall - FREE_FAILURES_PER_USER));
            }
            if (fromAddress >= FREE_FAILURES) {
                tx.loginThrottles().throttleUntil(userId, clientAddress,
                        now + backOffSeconds(fromAddress - FREE_FAILURES));
            }
            return null;
        });
    }

    private static ThrottledException throttled(long waitSeconds) {
        return new ThrottledException("too many failed logins; retry in " + Math.max(1, waitSeconds) + " seconds",
                waitSeconds);
    }

    /** 1 s after the first failure past the free ones, doubling per failure, capped at {@link #MAX_BACKOFF}. */
    private static long backOffSeconds(int failuresPastFree) {
        return Math.min(1L << Math.min(failuresPastFree, 20), MAX_BACKOFF.toSeconds());
    }

    /**
     * Forgets the failed logins of addresses quiet for {@link #THROTTLE_MEMORY}; returns how many.
     * Called periodically.
     */
    public int purgeQuietLoginThrottles() {
        long now = clock.instant().getEpochSecond();
        return store.transaction(tx -> tx.loginThrottles().deleteQuietSince(now - THROTTLE_MEMORY.toSeconds(), now));
    }

    /** Deletes sessions idle longer than the timeout; returns how many. Called periodically. */
    public int purgeIdleSessions() {
        long idleBefore = clock.instant().getEpochSecond() - idleTimeout.toSeconds();
        return store.transaction(tx -> tx.sessions().deleteIdleSince(idleBefore));
    }

    /**
     * The principal behind a bearer token: a user or an app, as the session's kind says; 401 when
     * the token is unknown or idle too long.
     */
    public Principal resolve(String token) {
        String tokenHash = hash(token);
        long now = clock.instant().getEpochSecond();
        SessionRecord session = store.read(tx -> tx.sessions().byTokenHash(tokenHash)
                        .filter(found -> found.entityKind() != SessionKind.APP || appUsable(tx, found)))
                .orElseThrow(() -> new NotAuthenticatedException("session is not valid"));
        if (now - session.lastUsedAt() > idleTimeout.toSeconds() && expire(tokenHash, now)) {
            throw new NotAuthenticatedException("session expired");
        }
        if (now - session.lastUsedAt() >= TOUCH_INTERVAL_SECONDS) {
            touch(tokenHash, now);
        }
        return principalOf(session);
    }

    /**
     * Deletes the session if the database's row (not a recent read of it) is still idle too long;
     * false when another node used it meanwhile.
     */
    private boolean expire(String tokenHash, long now) {
        return store.transaction(tx -> {
            boolean idle = tx.sessions().byTokenHash(tokenHash)
                    .map(row -> now - row.lastUsedAt() > idleTimeout.toSeconds()).orElse(true);
            if (idle) {
                tx.sessions().delete(tokenHash);
            }
            return idle;
        });
    }

    /** An app session lasts only while its app exists, in the session's account, and is enabled. */
    private static boolean appUsable(Tx tx, SessionRecord session) {
        return session.selectedAccountId() != null
                && tx.apps().byId(session.selectedAccountId(), session.entityId()).filter(AppRecord::enabled).isPresent();
    }

    private static Principal principalOf(SessionRecord session) {
        switch (session.entityKind()) {
            case USER:
                return new UserPrincipal(session.entityId(), session.tokenHash(), session.selectedAccountId());
            case APP:
                if (session.selectedAccountId() == null) {
                    // Every app session is opened in the app's account; one without is not ours.
                    throw new NotAuthenticatedException("session is not valid");
                }
                return new AppPrincipal(session.entityId(), session.selectedAccountId(), session.tokenHash());
            default:
                throw new IllegalStateException("unhandled session kind " + session.entityKind());
        }
    }

    /** Marks the principal's session as used now, pushing its idle expiry back. */
    public void refresh(Principal principal) {
        touch(sessionOf(principal), clock.instant().getEpochSecond());
    }

    public void terminate(Principal principal) {
        String tokenHash = sessionOf(principal);
        store.transaction(tx -> {
            tx.sessions().delete(tokenHash);
            return null;
        });
    }

    /** Binds the session to one of the principal's accounts; another account answers as missing. */
    public void selectAccount(Principal principal, UUID acctId) {
        String tokenHash = sessionOf(principal);
        store.transaction(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            tx.sessions().selectAccount(tokenHash, acctId);
            return null;
        });
    }

    private static String sessionOf(Principal principal) {
        return principal.sessionTokenHash()
                .orElseThrow(() -> new NotAuthenticatedException("this request has no session"));
    }

    private void touch(String tokenHash, long now) {
        store.transaction(tx -> {
            tx.sessions().touch(tokenHash, now);
            return null;
        });
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
