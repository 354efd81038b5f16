-- Failed logins counted per (user, client address), so that wrong passwords from one address
-- throttle that address only and the owner can still log in from another. users.failed_logins
-- and users.throttled_until remain: they are the much higher per-user ceiling over all addresses.
-- Portable SQL for SQLite and PostgreSQL; times are epoch seconds.
CREATE TABLE login_throttles (
    user_id          VARCHAR(36)  NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    client_address   VARCHAR(255) NOT NULL,
    failures         INTEGER      NOT NULL,
    throttled_until  BIGINT       NOT NULL DEFAULT 0,
    last_failure_at  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, client_address)
);
CREATE INDEX login_throttles_by_last_failure ON login_throttles (last_failure_at);
