package io.replikey.bench;

import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.service.ReplicationCredentialService;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialDao;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.SessionKind;
import io.replikey.server.store.SessionRecord;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import io.replikey.server.store.UserRecord;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Fills a store with replication credentials for {@link StoreSizeBenchCommand}, straight through
 * the DAOs (never over HTTP, which would take hours at 100,000 credentials): replication accounts
 * holding {@link ReplicationCredentialDao#SLOTS} credentials each (the last one fewer when the
 * count is odd), users who each administer {@link #ACCOUNTS_PER_USER} of those accounts, and one
 * live session per user, in transactions of {@link #ROWS_PER_TRANSACTION} rows.
 *
 * <p>The rows are shaped like real ones: every user row carries a real Argon2id hash (one, shared:
 * those users never log in), every credential its own sealed private key, sealed per credential
 * because the sealing context binds the account and credential ids (the plaintext is one generated
 * key, so sealing costs an AES-GCM pass, not a key generation). Token hashes are random values of
 * a SHA-256 hex digest's shape: no token exists for them.
 *
 * <p>Not thread-safe: one {@link #fill} at a time per store.
 */
final class CredentialFill {
    /** Accounts each filled user administers. */
    static final int ACCOUNTS_PER_USER = 20;
    /** Rows of one table written per transaction. */
    static final int ROWS_PER_TRANSACTION = 1_000;

    /** What a fill wrote: one live session per user. */
    record Counts(int credentials, int accounts, int users) {
        /** These counts and the one user, session, account and credential a benchmark created over the API. */
        Counts withOneMore() {
            return new Counts(credentials + 1, accounts + 1, users + 1);
        }

        int sessions() {
            return users;
        }
    }

    private final SecureRandom random = new SecureRandom();

    /** Writes {@code credentials} credentials and what they belong to; returns what it wrote. */
    Counts fill(Store store, KeySealer sealer, CredentialKeyType type, int credentials, Clock clock) {
        int accounts = (credentials + ReplicationCredentialDao.SLOTS - 1) / ReplicationCredentialDao.SLOTS;
        int users = (accounts + ACCOUNTS_PER_USER - 1) / ACCOUNTS_PER_USER;
        long now = clock.instant().getEpochSecond();
        String passwordHash = PasswordHasher.recommended().hash("store-size benchmark user, never logs in");
        UUID[] userIds = new UUID[users];
        for (int from = 0; from < users; from += ROWS_PER_TRANSACTION) {
            int first = from;
            store.transaction(tx -> {
                for (int u = first; u < Math.min(users, first + ROWS_PER_TRANSACTION); u++) {
                    userIds[u] = UUID.randomUUID();
                    tx.users().insert(new UserRecord(userIds[u], "fill-" + u + "-" + userIds[u] + "@example.com",
                            passwordHash, null, null, now, now, 0, 0));
                    tx.sessions().insert(new SessionRecord(randomHex(32), SessionKind.USER, userIds[u], null, now,
                            now));
                }
                return null;
            });
        }
        var pair = CredentialKeys.generate(type);
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            int accountsPerTransaction = ROWS_PER_TRANSACTION / ReplicationCredentialDao.SLOTS;
            for (int from = 0; from < accounts; from += accountsPerTransaction) {
                int first = from;
                int last = Math.min(accounts, first + accountsPerTransaction);
                store.transaction(tx -> {
                    for (int a = first; a < last; a++) {
                        int held = Math.min(ReplicationCredentialDao.SLOTS, credentials - a * ReplicationCredentialDao.SLOTS);
                        account(tx, sealer, type, pair.getPublic(), pkcs8, userIds[a / ACCOUNTS_PER_USER], a, held,
                                now);
                    }
                    return null;
                });
            }
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return new Counts(credentials, accounts, users);
    }

    /** One replication account, its administrator's membership and {@code held} credentials. */
    private static void account(Tx tx, KeySealer sealer, CredentialKeyType type, PublicKey publicKey, byte[] pkcs8,
            UUID admin, int index, int held, long now) {
        UUID acctId = UUID.randomUUID();
        tx.accounts().insert(new AccountRecord(acctId, "fill-" + index, null, true, PurposeKind.ACCOUNT_REPLICATION,
                PurposeKind.ACCOUNT_REPLICATION, "https://source-" + index + ".invalid", 24, null, now), admin,
                AccountRole.ACCOUNTADMINISTRATOR);
        for (int c = 0; c < held; c++) {
            UUID credentialId = UUID.randomUUID();
            byte[] sealed = sealer.seal(pkcs8, ReplicationCredentialService.sealingContext(acctId, credentialId));
            if (!tx.credentials().insertIntoFreeSlot(new ReplicationCredentialRecord(credentialId, acctId, 0, type,
                    publicKey.getEncoded(), sealed, sealer.currentVersion(), null, null, now))) {
                throw new IllegalStateException("no free credential slot in a new account");
            }
        }
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
