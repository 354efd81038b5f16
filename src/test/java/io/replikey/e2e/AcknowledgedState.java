package io.replikey.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a server must still hold after a crash, from one client's point of view: every write it
 * acknowledged to that client, with the last acknowledged value, and for the one request that may
 * have been in flight at the crash, the value it would have written as a second possibility (the
 * server may have committed it without answering, or not).
 *
 * <p>{@link #problems} compares this with what the restarted server shows; {@link #settle} then
 * takes the server's state as the new acknowledged state, resolving what was in flight. A
 * credential or account created by a request whose answer never came has no known id; it may
 * appear as an extra, fresh one, at most once per such request.
 *
 * <p>Not thread-safe: one client thread owns an instance and changes it only between requests.
 */
final class AcknowledgedState {
    static final int CREDENTIAL_LIMIT = 2;

    private final Map<UUID, AccountEntry> accounts = new LinkedHashMap<>();
    private int unansweredAccountCreates;

    /** A credential's changeable state; {@link #FRESH} until app_id and certificate_chain are set. */
    record Credential(UUID appId, List<String> certificateChain) {
        static final Credential FRESH = new Credential(null, null);

        boolean usable() {
            return appId != null && certificateChain != null;
        }
    }

    /** One account as the restarted server shows it. {@code active} is null when none is set. */
    record ObservedAccount(UUID acctId, boolean replication, String name, String description, UUID active,
            Map<UUID, Credential> credentials) {
    }

    /** The last acknowledged value of one field, and the value of a write in flight, if any. */
    static final class Possible<T> {
        private T acknowledged;
        private T inFlight;
        private boolean writing;

        Possible(T acknowledged) {
            this.acknowledged = acknowledged;
        }

        T value() {
            return acknowledged;
        }

        void begin(T next) {
            inFlight = next;
            writing = true;
        }

        void acknowledge() {
            acknowledged = inFlight;
            writing = false;
        }

        boolean allows(T observed) {
            return Objects.equals(observed, acknowledged) || writing && Objects.equals(observed, inFlight);
        }

        String expectation() {
            return writing ? acknowledged + " (or, in flight at the crash, " + inFlight + ")"
                    : String.valueOf(acknowledged);
        }

        void settle(T observed) {
            acknowledged = observed;
            inFlight = null;
            writing = false;
        }
    }

    /** One account this client created and owns. */
    static final class AccountEntry {
        final UUID acctId;
        final boolean replication;
        final Possible<String> name;
        final Possible<String> description;
        final Possible<UUID> active = new Possible<>(null);
        /** Every credential ever acknowledged, a deleted one as empty: it must stay deleted. */
        final Map<UUID, Possible<Optional<Credential>>> credentials = new LinkedHashMap<>();
        int unansweredCredentialCreates;

        AccountEntry(UUID acctId, boolean replication, String name, String description) {
            this.acctId = acctId;
            this.replication = replication;
            this.name = new Possible<>(name);
            this.description = new Possible<>(description);
        }

        /** The credentials that exist as far as acknowledged. */
        List<UUID> existingCredentials() {
            List<UUID> existing = new ArrayList<>();
            credentials.forEach((id, state) -> {
                if (state.value().isPresent()) {
                    existing.add(id);
                }
            });
            return existing;
        }

        Credential credential(UUID credentialId) {
            return credentials.get(credentialId).value().orElseThrow();
        }
    }

    List<AccountEntry> accounts() {
        return List.copyOf(accounts.values());
    }

    void accountCreateSent() {
        unansweredAccountCreates++;
    }

    void accountCreated(UUID acctId, boolean replication, String name, String description) {
        unansweredAccountCreates--;
        accounts.put(acctId, new AccountEntry(acctId, replication, name, description));
    }

    void credentialCreateSent(AccountEntry account) {
        account.unansweredCredentialCreates++;
    }

    void credentialCreated(AccountEntry account, UUID credentialId) {
        account.unansweredCredentialCreates--;
        account.credentials.put(credentialId, new Possible<>(Optional.of(Credential.FRESH)));
    }

    void credentialCreateRefused(AccountEntry account) {
        account.unansweredCredentialCreates--;
    }

    /** Every difference between the acknowledged writes and what the server shows; empty if none. */
    List<String> problems(Map<UUID, ObservedAccount> observed) {
        List<String> problems = new ArrayList<>();
        for (AccountEntry account : accounts.values()) {
            ObservedAccount seen = observed.get(account.acctId);
            if (seen == null) {
                problems.add("account " + account.acctId + ": acknowledged, but the server does not have it");
                continue;
            }
            String where = "account " + account.acctId;
            check(problems, where + " name", account.name, seen.name());
            check(problems, where + " description", account.description, seen.description());
            check(problems, where + " active_replication_credential", account.active, seen.active());
            account.credentials.forEach((credentialId, state) -> check(problems,
                    where + " credential " + credentialId, state,
                    Optional.ofNullable(seen.credentials().get(credentialId))));
            List<UUID> unknown = new ArrayList<>(seen.credentials().keySet());
            unknown.removeAll(account.credentials.keySet());
            if (unknown.size() > account.unansweredCredentialCreates) {
                problems.add(where + ": credentials " + unknown + " were never created as far as acknowledged ("
                        + account.unansweredCredentialCreates + " create(s) unanswered)");
            }
            unknown.stream().filter(id -> !seen.credentials().get(id).equals(Credential.FRESH))
                    .forEach(id -> problems.add(where + ": credential " + id
                            + " from an unanswered create is not fresh: " + seen.credentials().get(id)));
            if (seen.credentials().size() > CREDENTIAL_LIMIT) {
                problems.add(where + ": " + seen.credentials().size() + " credentials, over the limit of "
                        + CREDENTIAL_LIMIT);
            }
        }
        List<UUID> unknownAccounts = new ArrayList<>(observed.keySet());
        unknownAccounts.removeAll(accounts.keySet());
        if (unknownAccounts.size() > unansweredAccountCreates) {
            problems.add("accounts " + unknownAccounts + " were never created as far as acknowledged ("
                    + unansweredAccountCreates + " create(s) unanswered)");
        }
        return problems;
    }

    /** Takes what the server shows as acknowledged; call only when {@link #problems} found none. */
    void settle(Map<UUID, ObservedAccount> observed) {
        for (ObservedAccount seen : observed.values()) {
            AccountEntry account = accounts.computeIfAbsent(seen.acctId(),
                    id -> new AccountEntry(id, seen.replication(), seen.name(), seen.description()));
            account.name.settle(seen.name());
            account.description.settle(seen.description());
            account.active.settle(seen.active());
            account.credentials.forEach((id, state) -> state.settle(Optional.ofNullable(seen.credentials().get(id))));
            seen.credentials().forEach((id, credential) ->
                    account.credentials.computeIfAbsent(id, unknown -> new Possible<>(Optional.of(credential))));
            account.unansweredCredentialCreates = 0;
        }
        unansweredAccountCreates = 0;
    }

    private static <T> void check(List<String> problems, String what, Possible<T> expected, T observed) {
        if (!expected.allows(observed)) {
            problems.add(what + ": server has " + observed + ", acknowledged " + expected.expectation());
        }
    }
}
