package io.replikey.server.http;

import io.replikey.server.domain.Account;
import io.replikey.server.domain.Purpose;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.service.AccountChanges;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.NewAccount;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import io.replikey.wire.PurposeType;
import io.replikey.wire.WireTime;
import java.util.Map;
import java.util.UUID;

/**
 * Accounts between the DSM wire and the domain: an {@code AccountRequest} becomes a command, an
 * account becomes DSM's {@code Account}. Only the JSON shape is checked here; the rules are the
 * service's and {@link Purpose}'s. Stateless.
 */
final class AccountWire {
    /** replikey has no billing; every account reports the Standard subscription type. */
    private static final Map<String, Object> SUBSCRIPTION = Map.of("standard", Map.of());

    private AccountWire() {
    }

    static NewAccount newAccount(AccountRequest request) {
        return new NewAccount(request.name(), request.description(), request.enabled(),
                request.purpose() == null ? null : purpose(request.purpose()));
    }

    static AccountChanges changes(AccountRequest request) {
        return new AccountChanges(request.name(), request.description(), request.enabled(),
                request.purpose() == null ? null : purpose(request.purpose()));
    }

    private static Purpose purpose(AccountPurpose wire) {
        PurposeKind kind = PurposeKind.fromWireName(wire.type()).orElse(null);
        if (kind == PurposeKind.STANDARD) {
            if (wire.connectionSettings() != null || wire.scanSettings() != null) {
                throw new BadRequestException("a Standard purpose takes no connection_settings or scan_settings");
            }
            return Purpose.STANDARD;
        }
        if (kind != PurposeKind.ACCOUNT_REPLICATION) {
            throw new BadRequestException("purpose.$type must be Standard or AccountReplication");
        }
        AccountPurpose.ConnectionSettings connection = wire.connectionSettings();
        if (connection == null || connection.url() == null) {
            throw new BadRequestException("purpose.connection_settings.url is required");
        }
        AccountPurpose.ScanSettings scan = wire.scanSettings();
        if (scan == null || scan.autoScan() == null || scan.autoScan().scanIntervalHours() == null) {
            throw new BadRequestException("purpose.scan_settings.auto_scan.scan_interval_hours is required");
        }
        UUID active = connection.activeReplicationCredential() == null ? null
                : Identifiers.uuid("active_replication_credential", connection.activeReplicationCredential());
        return new Purpose.Replication(connection.url(), scan.autoScan().scanIntervalHours(), active);
    }

    static io.replikey.wire.Account toWire(Account a) {
        return new io.replikey.wire.Account(a.acctId(), a.name(), a.description(), a.enabled(),
                WireTime.format(a.createdAt().getEpochSecond()), purposeToWire(a.purpose()),
                new PurposeType(a.originalPurpose().wireName()), SUBSCRIPTION, Map.of(), false);
    }

    private static AccountPurpose purposeToWire(Purpose purpose) {
        if (!(purpose instanceof Purpose.Replication replication)) {
            return AccountPurpose.standard();
        }
        UUID active = replication.activeCredentialId();
        return new AccountPurpose(PurposeKind.ACCOUNT_REPLICATION.wireName(),
                new AccountPurpose.ConnectionSettings(replication.url(), active == null ? null : active.toString()),
                new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(replication.scanIntervalHours())));
    }
}
