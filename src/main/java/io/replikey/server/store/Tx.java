package io.replikey.server.store;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The DAOs bound to one database handle (and so to one transaction). Valid only inside the
 * {@link Store#transaction} or {@link Store#read} call that created it; not thread-safe.
 */
public final class Tx {
    /** Opened on first use in a read, so a read answered from {@link RecentReads} takes no connection. */
    private final Supplier<Handle> handle;
    private final Dialect dialect;
    /** {@link RecentReads#NONE} inside a transaction, which always reads the database. */
    private final RecentReads recentReads;

    Tx(Supplier<Handle> handle, Dialect dialect, RecentReads recentReads) {
        this.handle = handle;
        this.dialect = dialect;
        this.recentReads = recentReads;
    }

    /** The raw handle, so the store contract can read a connection's effective settings. */
    Handle handle() {
        return handle.get();
    }

    public UserDao users() {
        return new UserDao(handle());
    }

    public LoginThrottleDao loginThrottles() {
        return new LoginThrottleDao(handle());
    }

    public SessionDao sessions() {
        return new SessionDao(handle, recentReads);
    }

    public AccountDao accounts() {
        return new AccountDao(handle, dialect, recentReads);
    }

    public ReplicationCredentialDao credentials() {
        return new ReplicationCredentialDao(handle, recentReads);
    }

    public GroupDao groups() {
        return new GroupDao(handle(), dialect);
    }

    public AppDao apps() {
        return new AppDao(handle, dialect, recentReads);
    }

    public AppGroupDao appGroups() {
        return new AppGroupDao(handle());
    }

    public SecurityObjectDao securityObjects() {
        return new SecurityObjectDao(handle(), dialect);
    }

    public ReplicationScanDao scans() {
        return new ReplicationScanDao(handle());
    }

    public ReplicationLeaseDao leases() {
        return new ReplicationLeaseDao(handle());
    }

    public ReplicationSourceClaimDao sourceClaims() {
        return new ReplicationSourceClaimDao(handle(), dialect);
    }

}
