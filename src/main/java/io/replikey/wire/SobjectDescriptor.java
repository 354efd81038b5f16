package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/**
 * DSM {@code SobjectDescriptor}, which security object a request means: exactly one of
 * {@code {"kid":…}}, {@code {"name":…}}, {@code {"transient_key":…}} or {@code {"inline":…}}
 * (anything else fails to parse). replikey has no transient or inline objects: those two parse
 * and are listed by {@link #unsupportedFields()}.
 */
public record SobjectDescriptor(UUID kid, String name, JsonNode transientKey, JsonNode inline)
        implements PartlySupported {

    public SobjectDescriptor {
        int given = (kid != null ? 1 : 0) + (name != null ? 1 : 0) + (present(transientKey) ? 1 : 0)
                + (present(inline) ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("a key descriptor is exactly one of kid, name, transient_key, inline");
        }
    }

    public static SobjectDescriptor byKid(UUID kid) {
        return new SobjectDescriptor(kid, null, null, null);
    }

    public static SobjectDescriptor byName(String name) {
        return new SobjectDescriptor(null, name, null, null);
    }

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().present("transient_key", transientKey).present("inline", inline).list();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
