package io.replikey.server.store;

/**
 * The orders DSM lists security objects in ({@code sort=name:asc}, {@code kid:desc}, …). Names
 * are unique per account and kids unique, so each is a total order and keyset paging is exact.
 * Text compares as UTF-8 bytes (code-point order) on every dialect.
 */
public enum SecurityObjectSort {
    NAME_ASC("name", false),
    NAME_DESC("name", true),
    KID_ASC("kid", false),
    KID_DESC("kid", true);

    private final String column;
    private final boolean descending;

    SecurityObjectSort(String column, boolean descending) {
        this.column = column;
        this.descending = descending;
    }

    /** The SQL condition that keeps the rows from {@code start} on, comparing with {@code :start}. */
    String startCondition(KeysetStart start) {
        String operator = descending ? "<" : ">";
        return column + " " + operator + (start.inclusive() ? "=" : "") + " :start";
    }

    String orderBy() {
        return column + (descending ? " DESC" : " ASC");
    }
}
