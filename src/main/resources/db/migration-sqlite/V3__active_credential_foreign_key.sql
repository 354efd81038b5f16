-- An account's active replication credential must be one of its own credentials (the same rule
-- as the PostgreSQL foreign key of this version). SQLite cannot add a constraint to an existing
-- table, and rebuilding `accounts` would need foreign keys switched off, which is impossible
-- inside Flyway's transaction (and dropping the table with them on would cascade-delete every
-- member and credential). So three triggers enforce what the foreign key would (credential ids never change, so no
-- trigger watches an update of replication_credentials).
-- A dangling id left by the old races names nothing usable, so it is cleared first.
UPDATE accounts SET active_credential_id = NULL
WHERE active_credential_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM replication_credentials c
                  WHERE c.acct_id = accounts.acct_id AND c.credential_id = accounts.active_credential_id);

CREATE UNIQUE INDEX replication_credentials_acct_credential ON replication_credentials (acct_id, credential_id);

CREATE TRIGGER accounts_active_credential_on_insert BEFORE INSERT ON accounts
WHEN NEW.active_credential_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM replication_credentials c
                  WHERE c.acct_id = NEW.acct_id AND c.credential_id = NEW.active_credential_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: accounts.active_credential_id');
END;

CREATE TRIGGER accounts_active_credential_on_update BEFORE UPDATE OF acct_id, active_credential_id ON accounts
WHEN NEW.active_credential_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM replication_credentials c
                  WHERE c.acct_id = NEW.acct_id AND c.credential_id = NEW.active_credential_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: accounts.active_credential_id');
END;

-- Deleting an account cascades to its credentials after the account row is gone, so the
-- account no longer refers to them and this trigger lets the cascade through.
CREATE TRIGGER replication_credentials_active_on_delete BEFORE DELETE ON replication_credentials
WHEN EXISTS (SELECT 1 FROM accounts a
             WHERE a.acct_id = OLD.acct_id AND a.active_credential_id = OLD.credential_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: accounts.active_credential_id');
END;
