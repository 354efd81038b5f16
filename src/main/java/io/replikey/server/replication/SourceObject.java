package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A security object's metadata as the source lists or exports it: the fields the engine copies,
 * and the whole JSON object ({@code raw}) for anything else — always without {@code value}, so a
 * {@code SourceObject} never holds secret material. {@code objType}, {@code ellipticCurve},
 * {@code state} and {@code keyOps} are kept as the source spells them, also for types and
 * operations replikey does not know. Nullable fields are null when the source omits them; a listing
 * must give {@code acctId} (DSM's schema requires it; {@link SourceAccount} checks it), an export
 * answer need not.
 */
public record SourceObject(UUID acctId, UUID kid, String name, String objType, Integer keySize, String ellipticCurve,
        List<String> keyOps, Boolean enabled, String state, Map<String, String> customMetadata, String description,
        Instant createdAt, UUID groupId, byte[] pubKey, String kcv, JsonNode raw) {

    /** DSM's key operation that allows export. */
    public static final String EXPORT = "EXPORT";

    static SourceObject from(JsonNode node) {
        SourceFields fields = new SourceFields(node, "security object");
        ObjectNode raw = node.deepCopy();
        raw.remove("value");
        return new SourceObject(fields.uuid("acct_id"), fields.requiredUuid("kid"), fields.text("name"),
                fields.requiredText("obj_type"), fields.integer("key_size"), fields.text("elliptic_curve"),
                fields.textList("key_ops"),
                fields.bool("enabled"), fields.text("state"), fields.textMap("custom_metadata"),
                fields.text("description"), fields.time("created_at"), fields.uuid("group_id"),
                fields.base64("pub_key"), fields.text("kcv"), raw);
    }

    /** True when the source says the object may be exported (its key_ops hold EXPORT). */
    public boolean exportable() {
        return keyOps != null && keyOps.contains(EXPORT);
    }

    @Override
    public byte[] pubKey() {
        return pubKey == null ? null : pubKey.clone();
    }

    @Override
    public String toString() {
        return "SourceObject[" + kid + ", " + objType + "]";
    }
}
