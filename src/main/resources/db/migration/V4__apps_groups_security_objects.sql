-- Groups, apps, app group memberships and security objects. Portable SQL for SQLite and
-- PostgreSQL, as V1. Lists of enum words (key_ops, permissions) are comma-separated TEXT;
-- custom_metadata is a JSON object of strings; certificate lists are comma-separated base64 DER.
--
-- ${binary_collation} (set per dialect by Dialect.migrationPlaceholders) makes the names and ids
-- that listings sort and page on compare as their UTF-8 bytes on both databases, so a listing's
-- order, and where a `start` key lands in it, is the same on SQLite and PostgreSQL whatever the
-- PostgreSQL server's locale.
--
-- Composite foreign keys on (acct_id, group_id) / (acct_id, app_id) let the database itself
-- refuse an object or a membership that points into another account.

CREATE TABLE groups (
    group_id         VARCHAR(36)   ${binary_collation} PRIMARY KEY,
    acct_id          VARCHAR(36)   NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    name             VARCHAR(4096) ${binary_collation} NOT NULL,
    description      TEXT,
    custom_metadata  TEXT,
    creator_kind     VARCHAR(16)   NOT NULL,
    creator_id       VARCHAR(36),
    created_at       BIGINT        NOT NULL,
    UNIQUE (acct_id, name),
    -- Also the listing order: an account's groups by id, paged by the last id seen.
    UNIQUE (acct_id, group_id)
);

CREATE TABLE apps (
    app_id                   VARCHAR(36)   PRIMARY KEY,
    acct_id                  VARCHAR(36)   NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    name                     VARCHAR(4096) ${binary_collation} NOT NULL,
    description              TEXT,
    app_type                 VARCHAR(255)  NOT NULL,
    interface                VARCHAR(255),
    enabled                  BOOLEAN       NOT NULL,
    role                     VARCHAR(16)   NOT NULL CHECK (role IN ('admin', 'crypto')),
    credential_kind          VARCHAR(16)   NOT NULL CHECK (credential_kind IN ('secret', 'certificate', 'trustedca')),
    -- The API key, sealed under the master key: DSM's GetAppCredential returns it.
    sealed_secret            TEXT,
    master_key_version       INTEGER,
    certificate              TEXT,
    -- Lower-case hex SHA-256 of the certificate's DER: finds the app a TLS client certificate names.
    certificate_sha256       VARCHAR(64),
    trusted_ca_subject       TEXT,
    trusted_ca_certificates  TEXT,
    creator_kind             VARCHAR(16)   NOT NULL,
    creator_id               VARCHAR(36),
    created_at               BIGINT        NOT NULL,
    lastused_at              BIGINT,
    UNIQUE (acct_id, name),
    UNIQUE (acct_id, app_id),
    CHECK ((sealed_secret IS NULL) = (master_key_version IS NULL)),
    CHECK ((certificate IS NULL) = (certificate_sha256 IS NULL)),
    CHECK (credential_kind <> 'secret' OR sealed_secret IS NOT NULL),
    CHECK (credential_kind <> 'certificate' OR certificate IS NOT NULL),
    CHECK (credential_kind <> 'trustedca' OR (trusted_ca_subject IS NOT NULL AND trusted_ca_certificates IS NOT NULL))
);
CREATE INDEX apps_by_certificate ON apps (certificate_sha256);

-- An app's groups and its permissions in each. is_default marks DSM's default_group, which is
-- therefore always one of the app's groups and leaves with the membership.
CREATE TABLE app_groups (
    acct_id      VARCHAR(36) NOT NULL,
    app_id       VARCHAR(36) NOT NULL,
    group_id     VARCHAR(36) ${binary_collation} NOT NULL,
    permissions  TEXT        NOT NULL,
    is_default   BOOLEAN     NOT NULL,
    PRIMARY KEY (app_id, group_id),
    FOREIGN KEY (acct_id, app_id) REFERENCES apps (acct_id, app_id) ON DELETE CASCADE,
    FOREIGN KEY (acct_id, group_id) REFERENCES groups (acct_id, group_id) ON DELETE CASCADE
);
CREATE INDEX app_groups_by_group ON app_groups (group_id);
CREATE UNIQUE INDEX app_groups_one_default ON app_groups (app_id) WHERE is_default;

-- A group holding objects cannot be deleted: the (acct_id, group_id) key is NO ACTION, checked
-- at the end of the statement, so deleting the account (which cascades to both groups and
-- objects) still works. sealed_material is null only for a replicated object whose source
-- refused to export it; its metadata is kept all the same. kid is never generated here:
-- replicated objects keep their source's ids.
CREATE TABLE security_objects (
    kid                 VARCHAR(36)   ${binary_collation} PRIMARY KEY,
    acct_id             VARCHAR(36)   NOT NULL REFERENCES accounts (acct_id) ON DELETE CASCADE,
    group_id            VARCHAR(36)   ${binary_collation} NOT NULL,
    name                VARCHAR(4096) ${binary_collation} NOT NULL,
    obj_type            VARCHAR(32)   NOT NULL,
    key_size            INTEGER,
    elliptic_curve      VARCHAR(32),
    key_ops             TEXT          NOT NULL,
    enabled             BOOLEAN       NOT NULL,
    state               VARCHAR(16),
    origin              VARCHAR(16)   NOT NULL,
    public_only         BOOLEAN       NOT NULL,
    custom_metadata     TEXT,
    description         TEXT,
    creator_kind        VARCHAR(16)   NOT NULL,
    creator_id          VARCHAR(36),
    created_at          BIGINT        NOT NULL,
    lastused_at         BIGINT,
    pub_key             TEXT,
    kcv                 VARCHAR(64),
    sealed_material     TEXT,
    master_key_version  INTEGER,
    UNIQUE (acct_id, name),
    CHECK ((sealed_material IS NULL) = (master_key_version IS NULL)),
    FOREIGN KEY (acct_id, group_id) REFERENCES groups (acct_id, group_id)
);
-- Listing orders: by kid or by name, over the account or over one group (name order over the
-- account is the unique (acct_id, name) index).
CREATE INDEX security_objects_by_account_kid ON security_objects (acct_id, kid);
CREATE INDEX security_objects_by_group_kid ON security_objects (group_id, kid);
CREATE INDEX security_objects_by_group_name ON security_objects (group_id, name);
