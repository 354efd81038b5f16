package io.replikey.server.access;

import java.util.UUID;

/**
 * Which of an account's groups (and so which security objects) a principal sees in listings:
 * every group, the groups of one app, or none. Immutable.
 */
public record GroupScope(boolean all, UUID appId) {
    public static final GroupScope ALL = new GroupScope(true, null);
    public static final GroupScope NONE = new GroupScope(false, null);

    public static GroupScope ofApp(UUID appId) {
        return new GroupScope(false, appId);
    }

    /** True when the principal sees no group at all. */
    public boolean isEmpty() {
        return !all && appId == null;
    }
}
