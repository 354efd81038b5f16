package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.e2e.AcknowledgedState.AccountEntry;
import io.replikey.e2e.AcknowledgedState.Credential;
import io.replikey.e2e.AcknowledgedState.ObservedAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The crash test's checker reports every way a server can lose or invent a write: SIGKILL alone
 * never makes SQLite or PostgreSQL lose a commit, so these hand-made server states are how the
 * checker is shown able to fail.
 */
class AcknowledgedStateTest {
    private static final Credential ATTACHED = new Credential(UUID.randomUUID(), List.of("MIIB"));

    private final AcknowledgedState state = new AcknowledgedState();
    private final Map<UUID, ObservedAccount> server = new LinkedHashMap<>();

    @Test
    void theSameStateAsAcknowledgedHasNoProblem() {
        AccountEntry account = acknowledgedStandardAccount("a", "b");
        serverHas(account.acctId, "a", "b");

        assertThat(state.problems(server)).isEmpty();
    }

    @Test
    void aLostAccountIsReported() {
        AccountEntry account = acknowledgedStandardAccount("a", "b");

        assertThat(state.problems(server)).singleElement().asString()
                .contains(account.acctId.toString(), "acknowledged, but the server does not have it");
    }

    @Test
    void aLostRenameIsReported() {
        AccountEntry account = acknowledgedStandardAccount("old", "old text");
        account.name.begin("new");
        account.name.acknowledge();
        serverHas(account.acctId, "old", "old text");

        assertThat(state.problems(server)).singleElement().asString()
                .contains("name: server has old, acknowledged new");
    }

    @Test
    void aWriteInFlightMayReadOldOrNewButNothingElse() {
        AccountEntry account = acknowledgedStandardAccount("old", "text");
        account.name.begin("new");

        serverHas(account.acctId, "old", "text");
        assertThat(state.problems(server)).isEmpty();
        serverHas(account.acctId, "new", "text");
        assertThat(state.problems(server)).isEmpty();
        serverHas(account.acctId, "other", "text");
        assertThat(state.problems(server)).singleElement().asString()
                .contains("server has other, acknowledged old (or, in flight at the crash, new)");
    }

    @Test
    void settlingTakesTheServersOutcomeOfTheWriteInFlight() {
        AccountEntry account = acknowledgedStandardAccount("old", "text");
        account.name.begin("new");
        serverHas(account.acctId, "new", "text");
        state.settle(server);

        serverHas(account.acctId, "old", "text");
        assertThat(state.problems(server)).singleElement().asString().contains("server has old, acknowledged new");
    }

    @Test
    void aLostCredentialOrALostChangeToItIsReported() {
        AccountEntry account = acknowledgedReplicationAccount();
        UUID credentialId = acknowledgedCredential(account);
        account.credentials.get(credentialId).begin(Optional.of(ATTACHED));
        account.credentials.get(credentialId).acknowledge();

        serverHasCredentials(account.acctId, Map.of());
        assertThat(state.problems(server)).singleElement().asString()
                .contains("credential " + credentialId + ": server has Optional.empty");
        serverHasCredentials(account.acctId, Map.of(credentialId, Credential.FRESH));
        assertThat(state.problems(server)).singleElement().asString()
                .contains("credential " + credentialId + ": server has Optional[Credential[appId=null");
    }

    @Test
    void aDeletedCredentialThatCameBackIsReported() {
        AccountEntry account = acknowledgedReplicationAccount();
        UUID credentialId = acknowledgedCredential(account);
        account.credentials.get(credentialId).begin(Optional.empty());
        account.credentials.get(credentialId).acknowledge();
        serverHasCredentials(account.acctId, Map.of(credentialId, Credential.FRESH));

        assertThat(state.problems(server)).singleElement().asString()
                .contains("credential " + credentialId, "acknowledged Optional.empty");
    }

    @Test
    void aLostActivationIsReported() {
        AccountEntry account = acknowledgedReplicationAccount();
        UUID credentialId = acknowledgedCredential(account);
        account.active.begin(credentialId);
        account.active.acknowledge();
        serverHasCredentials(account.acctId, Map.of(credentialId, Credential.FRESH));

        assertThat(state.problems(server)).singleElement().asString()
                .contains("active_replication_credential: server has null, acknowledged " + credentialId);
    }

    @Test
    void anUnansweredCreateMayLeaveOneFreshCredentialButNoMore() {
        AccountEntry account = acknowledgedReplicationAccount();
        state.credentialCreateSent(account);

        serverHasCredentials(account.acctId, Map.of(UUID.randomUUID(), Credential.FRESH));
        assertThat(state.problems(server)).isEmpty();
        serverHasCredentials(account.acctId, Map.of(UUID.randomUUID(), ATTACHED));
        assertThat(state.problems(server)).singleElement().asString()
                .contains("from an unanswered create is not fresh");
        serverHasCredentials(account.acctId, Map.of(UUID.randomUUID(), Credential.FRESH, UUID.randomUUID(),
                Credential.FRESH));
        assertThat(state.problems(server)).singleElement().asString().contains("were never created");
    }

    @Test
    void moreThanTwoCredentialsAreReported() {
        AccountEntry account = acknowledgedReplicationAccount();
        Map<UUID, Credential> three = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            three.put(acknowledgedCredential(account), Credential.FRESH);
        }
        serverHasCredentials(account.acctId, three);

        assertThat(state.problems(server)).singleElement().asString().contains("3 credentials, over the limit of 2");
    }

    @Test
    void anAccountNobodyCreatedIsReportedUnlessACreateWentUnanswered() {
        serverHas(UUID.randomUUID(), "stray", null);
        assertThat(state.problems(server)).singleElement().asString().contains("were never created");

        state.accountCreateSent();
        assertThat(state.problems(server)).isEmpty();
    }

    private AccountEntry acknowledgedStandardAccount(String name, String description) {
        UUID acctId = UUID.randomUUID();
        state.accountCreateSent();
        state.accountCreated(acctId, false, name, description);
        return state.accounts().get(state.accounts().size() - 1);
    }

    private AccountEntry acknowledgedReplicationAccount() {
        UUID acctId = UUID.randomUUID();
        state.accountCreateSent();
        state.accountCreated(acctId, true, "replica", null);
        serverHasCredentials(acctId, Map.of());
        return state.accounts().get(state.accounts().size() - 1);
    }

    private UUID acknowledgedCredential(AccountEntry account) {
        UUID credentialId = UUID.randomUUID();
        state.credentialCreateSent(account);
        state.credentialCreated(account, credentialId);
        return credentialId;
    }

    private void serverHas(UUID acctId, String name, String description) {
        server.put(acctId, new ObservedAccount(acctId, false, name, description, null, Map.of()));
    }

    private void serverHasCredentials(UUID acctId, Map<UUID, Credential> credentials) {
        server.put(acctId, new ObservedAccount(acctId, true, "replica", null, null, credentials));
    }
}
