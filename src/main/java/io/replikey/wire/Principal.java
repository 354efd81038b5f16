package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * DSM {@code Principal}, the {@code creator} of a resource: {@code {"app":id}}, {@code {"user":id}},
 * {@code {"plugin":id}} or the string {@code "system"}. The contract's {@code userviaapp} (OAuth)
 * and {@code "unregistereduser"} principals are not modelled: replikey never creates them, and
 * reading one fails.
 */
public record Principal(Kind kind, UUID id) {

    /** The principal kinds replikey knows, by their JSON names. */
    public enum Kind {
        APP("app"), USER("user"), PLUGIN("plugin"), SYSTEM("system");

        private final String json;

        Kind(String json) {
            this.json = json;
        }
    }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SYSTEM) != (id == null)) {
            throw new IllegalArgumentException("the system principal has no id; every other principal has one");
        }
    }

    public static Principal app(UUID appId) {
        return new Principal(Kind.APP, appId);
    }

    public static Principal user(UUID userId) {
        return new Principal(Kind.USER, userId);
    }

    public static Principal system() {
        return new Principal(Kind.SYSTEM, null);
    }

    @JsonValue
    Object json() {
        return kind == Kind.SYSTEM ? kind.json : Map.of(kind.json, id.toString());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Principal parse(JsonNode node) {
        if (node.isTextual() && node.textValue().equals(Kind.SYSTEM.json)) {
            return system();
        }
        if (node.isObject() && node.size() == 1) {
            for (Kind kind : Kind.values()) {
                JsonNode id = node.get(kind.json);
                if (kind != Kind.SYSTEM && id != null && id.isTextual()) {
                    return new Principal(kind, UUID.fromString(id.textValue()));
                }
            }
        }
        throw new IllegalArgumentException("not a principal replikey knows");
    }
}
