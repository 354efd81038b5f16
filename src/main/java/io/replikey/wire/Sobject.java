package io.replikey.wire;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DSM {@code Sobject}, a security object, with the fields replikey serves and every field the
 * contract marks required. {@code value} (the key material, base64) is set only by export;
 * {@code pub_key} (DER SubjectPublicKeyInfo) only for asymmetric objects. {@code lastused_at} is not
 * in the contract's schema but DSM returns it, and clients ignore fields they do not know.
 */
public record Sobject(UUID acctId, UUID kid, String name, ObjectType objType, Long keySize,
        EllipticCurve ellipticCurve, List<KeyOperation> keyOps, boolean enabled, SobjectState state,
        Map<String, String> customMetadata, String description, String createdAt, String lastusedAt,
        Principal creator, UUID groupId, byte[] pubKey, String kcv, ObjectOrigin origin, boolean publicOnly,
        byte[] value) {

    /** The same object without its key material: for every answer but export. */
    public Sobject withoutValue() {
        return new Sobject(acctId, kid, name, objType, keySize, ellipticCurve, keyOps, enabled, state, customMetadata,
                description, createdAt, lastusedAt, creator, groupId, pubKey, kcv, origin, publicOnly, null);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "Sobject[kid=" + kid + ", name=" + name + ", obj_type=" + objType + ", value="
                + (value == null ? "absent" : "present") + "]";
    }
}
