package io.replikey.server.domain;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of account purpose (DSM {@code AccountPurposeType}), with their wire and stored name. */
public enum PurposeKind {
    STANDARD("Standard"),
    ACCOUNT_REPLICATION("AccountReplication");

    private final String wireName;

    PurposeKind(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code $type} DSM uses, also the value stored in the database. */
    public String wireName() {
        return wireName;
    }

    public static Optional<PurposeKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }
}
