package io.replikey.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.server.domain.Purpose;
import io.replikey.server.error.ReplikeyException;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.domain.Account;
import io.replikey.server.store.Store;
import io.replikey.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Account rules under concurrent requests on two server nodes (two {@link Store}s, one database):
 * each race is run many times with both requests released together, and the rule must hold after
 * every run. These reproduce the read-then-lock races a review found on PostgreSQL.
 */
abstract class ConcurrentAccountRulesContract {
    private static final int RUNS = 40;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<Store> stores = new ArrayList<>();
    private Node first;
    private Node second;
    private UserPrincipal admin;

    /** A JDBC URL of a new, empty database that no other test uses. */
    abstract String newEmptyDatabase() throws Exception;

    /** One server node: its own pool and services over the shared database. */
    private record Node(AccountService accounts, ReplicationCredentialService credentials) {
    }

    @BeforeEach
    void startTwoNodes() throws Exception {
        String url = newEmptyDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MasterKey masterKey = MasterKey.of(key, 1);
        first = node(url, masterKey);
        second = node(url, masterKey);
        UUID userId = new UserService(stores.get(0), new PasswordHasher(1024, 1, 1), clock, true)
                .signup(new SignUp("ops@example.com", "correct horse battery", null, null)).userId();
        admin = new UserPrincipal(userId, "no-session", null);
    }

    private Node node(String url, MasterKey masterKey) {
        Store store = Store.open(url, null, null);
        stores.add(store);
        return new Node(new AccountService(store, clock, new DecodedKeyCache()),
                new ReplicationCredentialService(store, KeySealer.of(masterKey),
                        new SelfSignedCertificateFactory(clock, new SecureRandom()), CredentialKeyType.EC_P256, clock,
                        new DecodedKeyCache()));
    }

    @AfterEach
    void stopNodes() {
        pool.shutdownNow();
        stores.forEach(Store::close);
    }

    @Test
    void activatingACredentialWhileAnotherNodeDeletesItNeverLeavesADanglingActiveCredential() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            UUID acctId = first.accounts().create(admin, new NewAccount("replica " + run, null, null, replication(null)))
                    .acctId();
            UUID credentialId = usableCredential(acctId);

            race(() -> first.accounts().update(admin, acctId,
                            new AccountChanges(null, null, null, replication(credentialId))),
                    () -> second.credentials().delete(admin, acctId, credentialId));

            UUID active = ((Purpose.Replication) first.accounts().get(admin, acctId).purpose()).activeCredentialId();
            boolean credentialExists = !first.credentials().list(admin, acctId).isEmpty();
            assertThat(active == null || credentialExists)
                    .as("run %d: active credential %s exists", run, active).isTrue();
            assertThat(active != null || !credentialExists)
                    .as("run %d: exactly one of the two requests succeeded", run).isTrue();
        }
    }

    @Test
    void twoNodesPatchingOneAccountLoseNeitherChange() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            UUID acctId = first.accounts().create(admin, new NewAccount("before " + run, "before", null, null))
                    .acctId();
            String name = "renamed " + run;
            String description = "described " + run;

            race(() -> first.accounts().update(admin, acctId, new AccountChanges(name, null, null, null)),
                    () -> second.accounts().update(admin, acctId, new AccountChanges(null, description, null, null)));

            Account account = first.accounts().get(admin, acctId);
            assertThat(List.of(account.name(), account.description())).as("run %d", run)
                    .containsExactly(name, description);
        }
    }

    private UUID usableCredential(UUID acctId) {
        UUID id = first.credentials().create(admin, acctId, new NewCredential(null))
                .credentialId();
        byte[] certificate = first.credentials().selfSign(admin, acctId, id);
        first.credentials().update(admin, acctId, id, new CredentialChanges(UUID.randomUUID(), List.of(certificate)));
        return id;
    }

    private static Purpose.Replication replication(UUID activeCredentialId) {
        return new Purpose.Replication("https://source.example.com", 6, activeCredentialId);
    }

    /** Runs both actions released together; a rule refusing one of them (a 4xx) is a valid outcome. */
    private void race(Runnable one, Runnable other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> results = new ArrayList<>();
        for (Runnable action : List.of(one, other)) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    action.run();
                } catch (ReplikeyException refusedByARule) {
                    assertThat(refusedByARule.status()).isLessThan(500);
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
    }
}
