package io.replikey.server.store;

import java.util.Arrays;
import java.util.Locale;

/** Whose session a {@code sessions} row is: the {@code entity_kind} column, stored lower-case. */
public enum SessionKind {
    USER,
    APP;

    String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a stored value names; a value this version does not know fails the read. */
    static SessionKind fromStored(String value) {
        return Arrays.stream(values()).filter(kind -> kind.stored().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown session kind '" + value + "'"));
    }
}
