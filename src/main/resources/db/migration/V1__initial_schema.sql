-- Portable SQL for SQLite and PostgreSQL. Times are epoch seconds (BIGINT); binary values are
-- standard base64 TEXT so both dialects bind them the same way.

CREATE TABLE users (
    user_id            VARCHAR(36)  PRIMARY KEY,
    email              VARCHAR(320) NOT NULL UNIQUE,
    password_hash      VARCHAR(255) NOT NULL,
    first_name         VARCHAR(255),
    last_name          VARCHAR(255),
    created_at         BIGINT       NOT NULL,
    last_logged_in_at  BIGINT,
    failed_logins      INTEGER      NOT NULL DEFAULT 0,
    throttled_until    BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE accounts (
    acct_id                VARCHAR(36)  PRIMARY KEY,
    name                   VARCHAR(4096) NOT NULL,
    description            TEXT,
    enabled                BOOLEAN      NOT NULL,
    purpose_type           VARCHAR(32)  NOT NULL,
    original_purpose_type  VARCHAR(32)  NOT NULL,
    replication_url        TEXT,
    scan_interval_hours    INTEGER,
    active_credential_id   VARCHAR(36),
    created_at             BIGINT       NOT NULL
);

CREATE TABLE account_members (
    acct_id  VARCHAR(36) NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    user_id  VARCHAR(36) NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    role     VARCHAR(32) NOT NULL,
    PRIMARY KEY (acct_id, user_id)
);
CREATE INDEX account_members_by_user ON account_members (user_id);

-- slot is 1 or 2 and unique per account: the database itself enforces "at most two
-- credentials per account", whatever the number of concurrent requests or server nodes.
CREATE TABLE replication_credentials (
    credential_id       VARCHAR(36) PRIMARY KEY,
    acct_id             VARCHAR(36) NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    slot                SMALLINT    NOT NULL CHECK (slot IN (1, 2)),
    key_type            VARCHAR(16) NOT NULL,
    public_key          TEXT        NOT NULL,
    sealed_private_key  TEXT        NOT NULL,
    master_key_version  INTEGER     NOT NULL,
    app_id              VARCHAR(36),
    certificate_chain   TEXT,
    created_at          BIGINT      NOT NULL,
    UNIQUE (acct_id, slot)
);

-- Only a SHA-256 hash of each bearer token is stored.
CREATE TABLE sessions (
    token_hash        VARCHAR(64) PRIMARY KEY,
    entity_kind       VARCHAR(8)  NOT NULL,
    entity_id         VARCHAR(36) NOT NULL,
    selected_acct_id  VARCHAR(36),
    created_at        BIGINT      NOT NULL,
    last_used_at      BIGINT      NOT NULL
);
CREATE INDEX sessions_by_entity ON sessions (entity_id);
