package io.replikey.e2e;

import io.replikey.client.DsmClient;
import io.replikey.client.DsmException;
import io.replikey.e2e.AcknowledgedState.AccountEntry;
import io.replikey.e2e.AcknowledgedState.Credential;
import io.replikey.e2e.AcknowledgedState.ObservedAccount;
import io.replikey.testing.TestServer;
import io.replikey.wire.Account;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's writes for the crash test, as one user who owns every account it touches: creates
 * Standard and replication accounts, renames the Standard ones, and walks replication credentials
 * through create, self_sign, PATCH of app_id and certificate_chain, activation and deletion, and
 * asks for a third credential where two exist. Every answer is recorded in its
 * {@link AcknowledgedState}; a request that gets no answer (the server was killed) ends the run.
 *
 * <p>Not thread-safe: one thread runs it at a time.
 */
final class CrashWorkload {
    /** The kinds of write, each counted when acknowledged. */
    enum Write {
        CREATE_STANDARD_ACCOUNT, CREATE_REPLICATION_ACCOUNT, RENAME_STANDARD_ACCOUNT, CREATE_CREDENTIAL,
        REFUSE_THIRD_CREDENTIAL, ATTACH_APP_AND_CHAIN, ACTIVATE_CREDENTIAL, DELETE_CREDENTIAL
    }

    private static final int MAX_ACCOUNTS_OF_A_KIND = 2;

    private final String token;
    private final Random random;
    private final AcknowledgedState state = new AcknowledgedState();
    private final Map<Write, Integer> acknowledged = new EnumMap<>(Write.class);

    CrashWorkload(String token, long seed) {
        this.token = token;
        this.random = new Random(seed);
    }

    AcknowledgedState state() {
        return state;
    }

    /** How many writes of each kind the server acknowledged so far. */
    Map<Write, Integer> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /**
     * Writes until a request gets no answer, then returns: the server is gone. A refusal from a
     * live server is a failure of the server (the workload only asks for what the rules allow,
     * except the third credential, which must be refused) and throws. Each acknowledged write
     * increments {@code progress}.
     */
    void runUntilServerGone(DsmClient client, AtomicInteger progress) {
        while (true) {
            Write write = nextWrite();
            try {
                perform(client, write);
                acknowledged.merge(write, 1, Integer::sum);
                progress.incrementAndGet();
            } catch (DsmException e) {
                throw new AssertionError(write + " was refused by a live server: " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                return;
            }
        }
    }

    /** The accounts and credentials the server shows this client. */
    Map<UUID, ObservedAccount> observe(DsmClient client) {
        Map<UUID, ObservedAccount> observed = new LinkedHashMap<>();
        for (Account account : client.call("GET", "/sys/v1/accounts", DsmClient.bearer(token), null, Account[].class)) {
            boolean replication = AccountPurpose.ACCOUNT_REPLICATION.equals(account.purpose().type());
            Map<UUID, Credential> credentials = new LinkedHashMap<>();
            UUID active = null;
            if (replication) {
                String activeId = account.purpose().connectionSettings().activeReplicationCredential();
                active = activeId == null ? null : UUID.fromString(activeId);
                for (ReplicationCredential credential
                        : client.listReplicationCredentials(token, account.acctId()).items()) {
                    credentials.put(UUID.fromString(credential.credentialId()),
                            new Credential(credential.appId(), credential.certificateChain()));
                }
            }
            observed.put(account.acctId(), new ObservedAccount(account.acctId(), replication, account.name(),
                    account.description(), active, credentials));
        }
        return observed;
    }

    String token() {
        return token;
    }

    private Write nextWrite() {
        while (true) {
            Write write = Write.values()[random.nextInt(Write.values().length)];
            if (possible(write)) {
                return write;
            }
        }
    }

    private boolean possible(Write write) {
        return switch (write) {
            case CREATE_STANDARD_ACCOUNT -> accounts(false).size() < MAX_ACCOUNTS_OF_A_KIND;
            case CREATE_REPLICATION_ACCOUNT -> accounts(true).size() < MAX_ACCOUNTS_OF_A_KIND;
            case RENAME_STANDARD_ACCOUNT -> !accounts(false).isEmpty();
            case CREATE_CREDENTIAL -> accounts(true).stream().anyMatch(a -> a.existingCredentials().size() < 2);
            case REFUSE_THIRD_CREDENTIAL -> accounts(true).stream().anyMatch(a -> a.existingCredentials().size() == 2);
            case ATTACH_APP_AND_CHAIN -> accounts(true).stream().anyMatch(a -> !a.existingCredentials().isEmpty());
            case ACTIVATE_CREDENTIAL -> accounts(true).stream().anyMatch(a -> !activatable(a).isEmpty());
            case DELETE_CREDENTIAL -> accounts(true).stream().anyMatch(a -> !deletable(a).isEmpty());
        };
    }

    private void perform(DsmClient client, Write write) {
        switch (write) {
            case CREATE_STANDARD_ACCOUNT -> createAccount(client, false);
            case CREATE_REPLICATION_ACCOUNT -> createAccount(client, true);
            case RENAME_STANDARD_ACCOUNT -> rename(client, pick(accounts(false)));
            case CREATE_CREDENTIAL -> createCredential(client,
                    pick(accounts(true).stream().filter(a -> a.existingCredentials().size() < 2).toList()));
            case REFUSE_THIRD_CREDENTIAL -> askForThirdCredential(client,
                    pick(accounts(true).stream().filter(a -> a.existingCredentials().size() == 2).toList()));
            case ATTACH_APP_AND_CHAIN -> {
                AccountEntry account = pick(accounts(true).stream()
                        .filter(a -> !a.existingCredentials().isEmpty()).toList());
                attachAppAndChain(client, account, pick(account.existingCredentials()));
            }
            case ACTIVATE_CREDENTIAL -> {
                AccountEntry account = pick(accounts(true).stream().filter(a -> !activatable(a).isEmpty()).toList());
                activate(client, account, pick(activatable(account)));
            }
            case DELETE_CREDENTIAL -> {
                AccountEntry account = pick(accounts(true).stream().filter(a -> !deletable(a).isEmpty()).toList());
                delete(client, account, pick(deletable(account)));
            }
        }
    }

    private void createAccount(DsmClient client, boolean replication) {
        String name = (replication ? "replica-" : "standard-") + UUID.randomUUID();
        String description = replication ? null : "created " + random.nextInt(1_000_000);
        state.accountCreateSent();
        Account account = client.createAccount(token, new AccountRequest(name, description, null,
                replication ? TestServer.replicationPurpose(null) : null));
        state.accountCreated(account.acctId(), replication, name, description);
    }

    private void rename(DsmClient client, AccountEntry account) {
        String name = "renamed-" + UUID.randomUUID();
        String description = "changed " + random.nextInt(1_000_000);
        account.name.begin(name);
        account.description.begin(description);
        client.updateAccount(token, account.acctId, new AccountRequest(name, description, null, null));
        account.name.acknowledge();
        account.description.acknowledge();
    }

    private void createCredential(DsmClient client, AccountEntry account) {
        state.credentialCreateSent(account);
        ReplicationCredential created = client.createReplicationCredential(token, account.acctId, null);
        state.credentialCreated(account, UUID.fromString(created.credentialId()));
    }

    private void askForThirdCredential(DsmClient client, AccountEntry account) {
        state.credentialCreateSent(account);
        try {
            ReplicationCredential third = client.createReplicationCredential(token, account.acctId, null);
            throw new AssertionError("account " + account.acctId + " accepted a third credential " + third);
        } catch (DsmException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        state.credentialCreateRefused(account);
    }

    /** PATCH with a fresh app id and the credential's own self-signed certificate as a one-element chain. */
    private void attachAppAndChain(DsmClient client, AccountEntry account, UUID credentialId) {
        byte[] certificate = client.replicationCredentialSelfSignedCert(token, account.acctId, credentialId.toString());
        Credential attached = new Credential(UUID.randomUUID(),
                List.of(Base64.getEncoder().encodeToString(certificate)));
        var credential = account.credentials.get(credentialId);
        credential.begin(Optional.of(attached));
        client.updateReplicationCredential(token, account.acctId, credentialId.toString(),
                new UpdateReplicationCredentialRequest(ReplicationCredential.CERTIFICATE, attached.appId().toString(),
                        attached.certificateChain()));
        credential.acknowledge();
    }

    private void activate(DsmClient client, AccountEntry account, UUID credentialId) {
        account.active.begin(credentialId);
        client.updateAccount(token, account.acctId,
                new AccountRequest(null, null, null, TestServer.replicationPurpose(credentialId.toString())));
        account.active.acknowledge();
    }

    private void delete(DsmClient client, AccountEntry account, UUID credentialId) {
        var credential = account.credentials.get(credentialId);
        credential.begin(Optional.empty());
        client.deleteReplicationCredential(token, account.acctId, credentialId.toString());
        credential.acknowledge();
    }

    private List<AccountEntry> accounts(boolean replication) {
        return state.accounts().stream().filter(a -> a.replication == replication).toList();
    }

    private static List<UUID> activatable(AccountEntry account) {
        return account.existingCredentials().stream()
                .filter(id -> account.credential(id).usable() && !id.equals(account.active.value())).toList();
    }

    private static List<UUID> deletable(AccountEntry account) {
        return account.existingCredentials().stream().filter(id -> !id.equals(account.active.value())).toList();
    }

    private <T> T pick(List<T> candidates) {
        return candidates.get(random.nextInt(candidates.size()));
    }
}
