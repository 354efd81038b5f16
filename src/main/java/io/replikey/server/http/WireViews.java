package io.replikey.server.http;

import io.replikey.server.access.AccountRole;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.UserRecord;
import io.replikey.wire.Account;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.PurposeType;
import io.replikey.wire.ReplicationCredential;
import io.replikey.wire.User;
import io.replikey.wire.WireTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Renders stored records as DSM wire records. Private keys have no wire form. Stateless. */
final class WireViews {
    /** replikey has no billing; every account reports the Standard subscription type. */
    private static final Map<String, Object> SUBSCRIPTION = Map.of("standard", Map.of());

    private WireViews() {
    }

    static Account account(AccountRecord a) {
        AccountPurpose purpose = AccountPurpose.STANDARD.equals(a.purposeType()) ? AccountPurpose.standard()
                : new AccountPurpose(a.purposeType(),
                        new AccountPurpose.ConnectionSettings(a.replicationUrl(),
                                a.activeCredentialId() == null ? null : a.activeCredentialId().toString()),
                        new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(a.scanIntervalHours())));
        return new Account(a.acctId(), a.name(), a.description(), a.enabled(), WireTime.format(a.createdAt()),
                purpose, new PurposeType(a.originalPurposeType()), SUBSCRIPTION, Map.of(), false);
    }

    static User user(UserRecord u, List<AccountRole> roles) {
        return new User(u.userId(), u.email(), u.firstName(), u.lastName(),
                roles.stream().map(AccountRole::name).toList(), List.of(), List.of(),
                WireTime.format(u.createdAt()),
                u.lastLoggedInAt() == null ? null : WireTime.format(u.lastLoggedInAt()), true, false);
    }

    static ReplicationCredential credential(ReplicationCredentialRecord c) {
        List<String> chain = c.certificateChain() == null ? null
                : c.certificateChain().stream().map(Base64.getEncoder()::encodeToString).toList();
        return new ReplicationCredential(ReplicationCredential.CERTIFICATE, c.credentialId().toString(), c.appId(),
                chain, c.keyType());
    }
}
