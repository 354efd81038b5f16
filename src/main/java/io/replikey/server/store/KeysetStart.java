package io.replikey.server.store;

/**
 * Where a listing begins in its sort order: at the given sort key (DSM's {@code start}: the
 * first object listed is the one with that key, or the next one) or just after it (a cursor
 * continuing after the last key a previous page returned). Paging by {@link #after} returns
 * every object that exists throughout exactly once, whatever is created or deleted between pages.
 */
public record KeysetStart(String key, boolean inclusive) {
    public KeysetStart {
        if (key == null) {
            throw new IllegalArgumentException("a keyset start needs a key");
        }
    }

    public static KeysetStart at(String key) {
        return new KeysetStart(key, true);
    }

    public static KeysetStart after(String key) {
        return new KeysetStart(key, false);
    }
}
