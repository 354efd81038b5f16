package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A group as the source lists it: the fields the engine copies, its account ({@code acctId},
 * required by DSM's schema), and the whole JSON object ({@code raw}) for anything else. Nullable
 * fields are null when the source omits them.
 */
public record SourceGroup(UUID acctId, UUID groupId, String name, String description,
        Map<String, String> customMetadata, Instant createdAt, JsonNode raw) {

    static SourceGroup from(JsonNode node) {
        SourceFields fields = new SourceFields(node, "group");
        return new SourceGroup(fields.requiredUuid("acct_id"), fields.requiredUuid("group_id"),
                fields.requiredText("name"), fields.text("description"), fields.textMap("custom_metadata"),
                fields.time("created_at"), node.deepCopy());
    }

    /** A group's id names it in a list; the DSM JSON can be large. */
    @Override
    public String toString() {
        return "SourceGroup[" + groupId + "]";
    }
}
