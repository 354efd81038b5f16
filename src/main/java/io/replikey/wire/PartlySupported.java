package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body that parses every field of its DSM schema, including fields replikey does not
 * implement, so that a DSM client sending one gets a 400 naming that field ("not supported")
 * rather than "unknown field". A field asks for nothing, and is not listed, when it is absent,
 * JSON null, {@code false}, {@code {}} or {@code []}: DSM's defaults. Records are immutable.
 */
public interface PartlySupported {

    /** JSON names (dotted for nested bodies, e.g. {@code key.transient_key}) of the unsupported fields present. */
    List<String> unsupportedFields();

    /** Collects the names of unsupported fields that ask for something. Not thread-safe; use one per call. */
    final class Fields {
        private final List<String> names = new ArrayList<>();

        public static Fields of() {
            return new Fields();
        }

        /** Lists {@code name} when {@code value} asks for something. */
        public Fields add(String name, JsonNode value) {
            if (asksForSomething(value)) {
                names.add(name);
            }
            return this;
        }

        /** Lists {@code name} whenever it is given and not null: for variants, where even {@code {}} asks. */
        public Fields present(String name, JsonNode value) {
            if (value != null && !value.isNull()) {
                names.add(name);
            }
            return this;
        }

        /** Lists the unsupported fields of a nested body under {@code prefix}. */
        public Fields nested(String prefix, PartlySupported nested) {
            if (nested != null) {
                nested.unsupportedFields().forEach(name -> names.add(prefix + "." + name));
            }
            return this;
        }

        public List<String> list() {
            return List.copyOf(names);
        }

        private static boolean asksForSomething(JsonNode value) {
            if (value == null || value.isNull() || value.isBoolean() && !value.booleanValue()) {
                return false;
            }
            return !(value.isContainerNode() && value.isEmpty());
        }
    }
}
