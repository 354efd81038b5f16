package io.replikey.e2e;

import static io.replikey.server.crypto.CredentialCertificateAssertions.assertCredentialCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.e2e.AcknowledgedState.ObservedAccount;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.testing.RawDatabase;
import io.replikey.testing.ServerProcess;
import io.replikey.testing.TestServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged write survives a crash: a server in its own JVM on a fresh data directory,
 * {@value #CLIENTS} client threads writing accounts and replication credentials, SIGKILL in the
 * middle of their requests, a restart on the same directory, and a check that the server holds
 * every acknowledged write with its last acknowledged value (a write in flight at the kill may
 * read old or new), never more than two credentials per account (through the API and in the
 * table itself), and signs with every credential that exists. {@value #CRASHES} times in a row.
 *
 * <p>What SIGKILL shows, and what it cannot: the process dies at once, with no shutdown hook, no
 * pool close and no flush of anything the JVM held, but the operating system keeps every byte
 * the process had written, fsynced or not. So this proves crash consistency: the server
 * answers only after its transaction committed, and recovery loses nothing it committed. It
 * cannot show durability across power loss, which depends on the fsync at each commit; the store
 * contract asserts that setting on every pooled connection ({@code everyPooledConnectionCommitsDurably}).
 */
abstract class CrashDurabilityContract {
    static final int CLIENTS = 4;
    static final int CRASHES = 5;
    /** Acknowledged writes (of all clients) before each kill; enough for every kind of write to occur. */
    static final int WRITES_PER_CRASH = 30;

    private static final Duration PACING_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path temporary;

    /** A JDBC URL of a fresh database for the server, or null for its default SQLite file in {@code dataDir}. */
    abstract String newDatabaseUrl(Path dataDir);

    abstract String backend();

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path dataDir = temporary.resolve("data"); // left to the server to create, with its own permissions
        String databaseUrl = newDatabaseUrl(dataDir);
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dataDir.toString(), "--port", "0"));
        if (databaseUrl != null) {
            args.addAll(List.of("--database", databaseUrl));
        }
        byte[] masterKey = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(masterKey);
        Map<String, String> env = Map.of("REPLIKEY_MASTER_KEY", Base64.getEncoder().encodeToString(masterKey));
        RawDatabase raw = databaseUrl == null ? RawDatabase.sqlite(dataDir) : RawDatabase.at(databaseUrl, dataDir);
        long seed = random.nextLong();
        String label = "crash-durability-" + backend();

        ServerProcess server = ServerProcess.start(label, args, env);
        try {
            List<CrashWorkload> clients = newClients(server.client(), seed);
            for (int crash = 1; crash <= CRASHES; crash++) {
                String context = backend() + ", seed " + seed + ", crash " + crash + " of " + CRASHES;
                writeUntilKilled(server, clients, random.nextInt(500), context);
                server = ServerProcess.start(label, args, env);
                assertEveryAcknowledgedWriteIsThere(server, clients, raw, context);
            }
            assertThat(acknowledgedTotals(clients)).as("acknowledged writes of each kind, %s", backend())
                    .hasSize(CrashWorkload.Write.values().length)
                    .allSatisfy((write, count) -> assertThat(count).isPositive());
            assertThat(server.stop()).as("exit status after SIGTERM").isEqualTo(128 + 15);
        } finally {
            server.close();
        }
    }

    /** Checks the restarted server against every client's acknowledged writes, then settles what was in flight. */
    private static void assertEveryAcknowledgedWriteIsThere(ServerProcess server, List<CrashWorkload> clients,
            RawDatabase raw, String context) {
        List<String> problems = new ArrayList<>();
        List<Map<UUID, ObservedAccount>> observedByClient = new ArrayList<>();
        for (CrashWorkload client : clients) {
            Map<UUID, ObservedAccount> observed = client.observe(server.client());
            observedByClient.add(observed);
            problems.addAll(client.state().problems(observed));
            problems.addAll(selfSignProblems(server.client(), client.token(), observed, raw));
        }
        raw.credentialCountsByAccount().forEach((acctId, count) -> {
            if (count > AcknowledgedState.CREDENTIAL_LIMIT) {
                problems.add("account " + acctId + " holds " + count + " credentials in the database");
            }
        });
        assertThat(problems).as("after a restart on %s (server logs under %s)", context,
                server.stdoutFile().getParent()).isEmpty();
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).state().settle(observedByClient.get(i));
        }
    }

    private static List<CrashWorkload> newClients(DsmClient client, long seed) {
        List<CrashWorkload> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String email = "crash-" + i + "-" + UUID.randomUUID() + "@example.com";
            client.signupUser(email, TestServer.PASSWORD);
            clients.add(new CrashWorkload(client.authenticate(email, TestServer.PASSWORD), seed + i));
        }
        return clients;
    }

    /**
     * Lets the clients write until the server acknowledged {@link #WRITES_PER_CRASH} writes, and
     * {@code extraMillis} longer (so the kill falls at a random point), then SIGKILLs the server
     * under them. Paced by acknowledgements, not time, so a loaded machine still gets every kind
     * of write.
     */
    private static void writeUntilKilled(ServerProcess server, List<CrashWorkload> clients, int extraMillis,
            String context) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        try {
            AtomicInteger progress = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (CrashWorkload client : clients) {
                running.add(threads.submit(() -> client.runUntilServerGone(server.client(), progress)));
            }
            Instant deadline = Instant.now().plus(PACING_TIMEOUT);
            while (progress.get() < WRITES_PER_CRASH) {
                requireAllRunning(running, server, context);
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("only " + progress.get() + " writes acknowledged in " + PACING_TIMEOUT
                            + ", " + context + "; see " + server.describe());
                }
                Thread.sleep(10);
            }
            Thread.sleep(extraMillis);
            requireAllRunning(running, server, context);
            server.kill();
            for (Future<?> run : running) {
                run.get(2, TimeUnit.MINUTES); // rethrows a client's failure
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void requireAllRunning(List<Future<?>> running, ServerProcess server, String context)
            throws Exception {
        for (Future<?> run : running) {
            if (run.isDone()) {
                run.get(); // rethrows a client's failure
                throw new AssertionError("a client lost the live server, " + context + "; see " + server.describe());
            }
        }
    }

    /** self_sign must work for every credential that exists, with a certificate of the stored key. */
    private static List<String> selfSignProblems(DsmClient client, String token, Map<UUID, ObservedAccount> observed,
            RawDatabase raw) {
        List<String> problems = new ArrayList<>();
        for (ObservedAccount account : observed.values()) {
            for (UUID credentialId : account.credentials().keySet()) {
                try {
                    Instant before = Instant.now();
                    byte[] certificate = client.replicationCredentialSelfSignedCert(token, account.acctId(),
                            credentialId.toString());
                    assertCredentialCertificate(certificate, account.acctId(), credentialId,
                            raw.publicKeyOf(credentialId), CredentialKeyType.EC_P256, before, Instant.now());
                } catch (RuntimeException | AssertionError e) {
                    problems.add("self_sign of credential " + credentialId + " of account " + account.acctId()
                            + " failed: " + e);
                }
            }
        }
        return problems;
    }

    private static Map<CrashWorkload.Write, Integer> acknowledgedTotals(List<CrashWorkload> clients) {
        Map<CrashWorkload.Write, Integer> totals = new EnumMap<>(CrashWorkload.Write.class);
        clients.forEach(client -> client.acknowledged()
                .forEach((write, count) -> totals.merge(write, count, Integer::sum)));
        return totals;
    }
}
