-- Scan records and the per-account scan lease of the replication engine. Portable SQL for
-- SQLite and PostgreSQL; times are epoch seconds (BIGINT), as in V1.

-- One row per scan of a replication account. finished_at is null while the scan runs; then
-- error_message is null on success and says why otherwise (DSM's ReplicationScan: "if this
-- field is empty, the scan is either ongoing, or returned successfully"). The counters are the
-- running scan's progress so far and, once it finished, its outcome. node_id names the server
-- node that ran it, so an interrupted scan can say whose it was.
CREATE TABLE replication_scans (
    scan_id               VARCHAR(36)  PRIMARY KEY,
    acct_id               VARCHAR(36)  NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    triggered_by          VARCHAR(8)   NOT NULL CHECK (triggered_by IN ('auto', 'manual')),
    node_id               VARCHAR(255) NOT NULL,
    started_at            BIGINT       NOT NULL,
    finished_at           BIGINT,
    error_message         TEXT,
    groups_seen           BIGINT       NOT NULL DEFAULT 0 CHECK (groups_seen >= 0),
    objects_seen          BIGINT       NOT NULL DEFAULT 0 CHECK (objects_seen >= 0),
    objects_created       BIGINT       NOT NULL DEFAULT 0 CHECK (objects_created >= 0),
    objects_updated       BIGINT       NOT NULL DEFAULT 0 CHECK (objects_updated >= 0),
    objects_deleted       BIGINT       NOT NULL DEFAULT 0 CHECK (objects_deleted >= 0),
    objects_unexportable  BIGINT       NOT NULL DEFAULT 0 CHECK (objects_unexportable >= 0),
    CHECK (error_message IS NULL OR finished_at IS NOT NULL)
);
-- The latest scans of an account (and the running one).
CREATE INDEX replication_scans_by_start ON replication_scans (acct_id, started_at);
-- The last completed scan of an account.
CREATE INDEX replication_scans_by_finish ON replication_scans (acct_id, finished_at);
-- The last successful scan, found without stepping over a long run of failed ones.
CREATE INDEX replication_scans_successful ON replication_scans (acct_id, finished_at)
    WHERE finished_at IS NOT NULL AND error_message IS NULL;

-- At most one row per account: the lease that lets one server node run one scan of the account
-- at a time, also when several nodes share one database. The holder renews it while the scan
-- runs; once expires_at has passed, any node may take it over (see ReplicationLeaseDao).
-- scan_id names the scan the lease covers; it is no foreign key, so the lease can be taken
-- before the scan's row is written in the same transaction.
CREATE TABLE replication_leases (
    acct_id     VARCHAR(36)  PRIMARY KEY REFERENCES accounts (acct_id) ON DELETE CASCADE,
    holder      VARCHAR(255) NOT NULL,
    scan_id     VARCHAR(36)  NOT NULL,
    expires_at  BIGINT       NOT NULL
);
