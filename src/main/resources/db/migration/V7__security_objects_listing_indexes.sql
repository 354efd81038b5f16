-- An app sees the objects of its groups only, so listing and counting for an app filter on
-- group_id as well as acct_id. With group_id in the index, SQLite and PostgreSQL count an account's
-- objects, and skip the rows before an offset, from the index alone instead of reading every row:
-- a replication scan pages the source's objects by offset and asks for counts on every page.
DROP INDEX security_objects_by_account_kid;
CREATE INDEX security_objects_by_account_kid ON security_objects (acct_id, kid, group_id);
CREATE INDEX security_objects_by_account_group ON security_objects (acct_id, group_id);
