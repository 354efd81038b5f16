package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.domain.ReplicationScan;
import io.replikey.server.domain.UnexportableObject;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.ReplicationScanService;
import io.replikey.wire.RecentScanSummary;
import io.replikey.wire.WireTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /sys/v1/accounts/{acct_id}/replication/recent_scan_summary} (DSM) and the replikey
 * extensions {@code …/replication/scan} (start one now), {@code …/replication/scans} (history) and
 * {@code …/replication/credentials/{credential_id}/test} (can the credential authenticate to the
 * source; {@code {"ok":true}} or {@code {"ok":false,"kind":…,"reason":…}}, always 200).
 */
final class ScanHandler {
    private final ReplicationScanService scans;

    ScanHandler(ReplicationScanService scans) {
        this.scans = scans;
    }

    void recentSummary(Context ctx, Principal principal) {
        ReplicationScanService.Summary summary = scans.summary(principal, AccountHandler.acctId(ctx));
        Responses.json(ctx, new RecentScanSummary(dsm(summary.inProgress()), dsm(summary.lastCompleted()),
                dsm(summary.lastSuccessful())));
    }

    void start(Context ctx, Principal principal) {
        Responses.json(ctx, extension(scans.startScan(principal, AccountHandler.acctId(ctx))));
    }

    void testCredential(Context ctx, Principal principal) {
        Responses.json(ctx, scans.testCredential(principal, AccountHandler.acctId(ctx),
                Identifiers.uuid("credential_id", ctx.pathParam("credential_id"))));
    }

    void history(Context ctx, Principal principal) {
        ReplicationScanService.History history = scans.history(principal, AccountHandler.acctId(ctx));
        Responses.json(ctx, new ScanHistory(history.scans().stream().map(ScanHandler::extension).toList(),
                history.unexportable()));
    }

    private static RecentScanSummary.ReplicationScan dsm(Optional<ReplicationScan> scan) {
        return scan.map(s -> new RecentScanSummary.ReplicationScan(time(s.startedAt()), time(s.finishedAt()),
                s.errorMessage())).orElse(null);
    }

    private static ScanWire extension(ReplicationScan s) {
        return new ScanWire(s.scanId().toString(), s.trigger(), s.nodeId(), time(s.startedAt()), time(s.finishedAt()),
                s.errorMessage(), s.inProgress(), s.counts());
    }

    private static String time(Instant instant) {
        return instant == null ? null : WireTime.format(instant.getEpochSecond());
    }

    /** replikey extension: one scan with its counts (the progress so far while {@code in_progress}). */
    record ScanWire(String scanId, String triggeredBy, String nodeId, String startedAt, String finishedAt,
            String errorMessage, boolean inProgress, ReplicationScan.Counts counts) {
    }

    /** replikey extension: the newest scans first, and the objects held without material. */
    record ScanHistory(List<ScanWire> scans, List<UnexportableObject> unexportableObjects) {
    }
}
