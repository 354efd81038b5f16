-- An account's active replication credential must be one of its own credentials. The races that
-- could leave a dangling id are closed in the services (they lock the account before reading
-- it); this constraint makes the database refuse one should any code path ever try.
-- A dangling id left by those races names nothing usable, so it is cleared first.
UPDATE accounts SET active_credential_id = NULL
WHERE active_credential_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM replication_credentials c
                  WHERE c.acct_id = accounts.acct_id AND c.credential_id = accounts.active_credential_id);

ALTER TABLE replication_credentials
    ADD CONSTRAINT replication_credentials_acct_credential UNIQUE (acct_id, credential_id);

-- NO ACTION (checked at the end of each statement) rather than RESTRICT, so deleting an account
-- still cascades to its credentials, the active one included.
ALTER TABLE accounts
    ADD CONSTRAINT accounts_active_credential_fk FOREIGN KEY (acct_id, active_credential_id)
        REFERENCES replication_credentials (acct_id, credential_id);
