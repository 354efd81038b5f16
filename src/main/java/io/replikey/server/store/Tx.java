package io.replikey.server.store;

import org.jdbi.v3.core.Handle;

/**
 * The DAOs bound to one database handle (and so to one transaction). Valid only inside the
 * {@link Store#transaction} or {@link Store#read} call that created it; not thread-safe.
 */
public final class Tx {
    private final Handle handle;

    Tx(Handle handle) {
        this.handle = handle;
    }

    /** The raw handle, so the store contract can read a connection's effective settings. */
    Handle handle() {
        return handle;
    }

    public UserDao users() {
        return new UserDao(handle);
    }

    public LoginThrottleDao loginThrottles() {
        return new LoginThrottleDao(handle);
    }

    public SessionDao sessions() {
        return new SessionDao(handle);
    }

    public AccountDao accounts() {
        return new AccountDao(handle);
    }

    public ReplicationCredentialDao credentials() {
        return new ReplicationCredentialDao(handle);
    }

    public ReplicationScanDao scans() {
        return new ReplicationScanDao(handle);
    }

    public ReplicationLeaseDao leases() {
        return new ReplicationLeaseDao(handle);
    }
}
