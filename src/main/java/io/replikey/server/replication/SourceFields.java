package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the fields the engine needs from a source's JSON (already parsed by Jackson), leniently:
 * absent and null fields are absent, unknown fields are ignored; a field that is present with
 * the wrong type is a {@link SourceException.Kind#MALFORMED_RESPONSE} naming the field, never its
 * value (a value may be key material). Stateless.
 */
final class SourceFields {
    private static final DateTimeFormatter DSM_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final JsonNode node;
    private final String what;

    /** {@code what} names the object in messages, e.g. "security object". */
    SourceFields(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw malformed(what + " is not a JSON object");
        }
        this.node = node;
        this.what = what;
    }

    static SourceException malformed(String message) {
        return new SourceException(SourceException.Kind.MALFORMED_RESPONSE, message);
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private SourceException wrong(String field, String type) {
        return malformed(what + " field " + field + " is not " + type);
    }

    String text(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrong(field, "a string");
        }
        return value.textValue();
    }

    String requiredText(String field) {
        String value = text(field);
        if (value == null) {
            throw malformed(what + " has no " + field);
        }
        return value;
    }

    UUID uuid(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw wrong(field, "a UUID");
        }
    }

    UUID requiredUuid(String field) {
        UUID value = uuid(field);
        if (value == null) {
            throw malformed(what + " has no " + field);
        }
        return value;
    }

    Long number(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw wrong(field, "a non-negative integer");
        }
        return value.longValue();
    }

    Integer integer(String field) {
        Long value = number(field);
        if (value != null && value > Integer.MAX_VALUE) {
            throw wrong(field, "a non-negative 32-bit integer");
        }
        return value == null ? null : value.intValue();
    }

    Boolean bool(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrong(field, "a boolean");
        }
        return value.booleanValue();
    }

    Instant time(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return DSM_TIME.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw wrong(field, "a DSM timestamp");
        }
    }

    byte[] base64(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw wrong(field, "base64");
        }
    }

    List<String> textList(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrong(field, "an array of strings");
        }
        List<String> list = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrong(field, "an array of strings");
            }
            list.add(element.textValue());
        }
        return List.copyOf(list);
    }

    Map<String, String> textMap(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrong(field, "an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw wrong(field, "an object of strings");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return Collections.unmodifiableMap(map);
    }
}
