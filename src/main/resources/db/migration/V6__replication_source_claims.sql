-- Which source account each replication account replicates, so that a source account is
-- replicated by at most one account on this server (issue 7, item 5). Portable SQL for SQLite and
-- PostgreSQL; times are epoch seconds (BIGINT), as in V1.
--
-- A source account is named by the origin of connection_settings.url ("https://host:port", host
-- lower-cased, port 443 when omitted) and the acct_id its listings report: the destination learns
-- the id only once it has authenticated and listed. At most one row per replication account (the
-- primary key), and the UNIQUE constraint, not a read before the write, settles two accounts racing
-- for one source, also across nodes sharing PostgreSQL. The engine claims in a transaction fenced
-- by the scan's lease; failover and a change of the url release the claim (AccountService); the
-- foreign key releases it with the account. A new table, so its foreign key is a plain REFERENCES on
-- both dialects (SQLite enforces it: Dialect sets foreign_keys), unlike V3's added constraint.
CREATE TABLE replication_source_claims (
    acct_id         VARCHAR(36)  PRIMARY KEY REFERENCES accounts (acct_id) ON DELETE CASCADE,
    source_origin   TEXT         NOT NULL,
    source_acct_id  VARCHAR(36)  NOT NULL,
    claimed_at      BIGINT       NOT NULL,
    UNIQUE (source_origin, source_acct_id)
);
