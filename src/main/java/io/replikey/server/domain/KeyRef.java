package io.replikey.server.domain;

import java.util.UUID;

/** Which security object of the acting account a request means: by kid or by name (exactly one). Immutable. */
public record KeyRef(UUID kid, String name) {
    public KeyRef {
        if ((kid == null) == (name == null)) {
            throw new IllegalArgumentException("a key reference is a kid or a name");
        }
    }

    public static KeyRef byKid(UUID kid) {
        return new KeyRef(kid, null);
    }

    public static KeyRef byName(String name) {
        return new KeyRef(null, name);
    }
}
