package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DSM {@code SobjectRequest}, the body of security-object generate ({@code POST /crypto/v1/keys}),
 * import ({@code PUT}, with {@code value}) and update ({@code PATCH /crypto/v1/keys/{key_id}}, omitted
 * fields keep their value). Every field of the contract parses; replikey implements the typed
 * ones and lists the others (per-algorithm options, policies, dates, links, transient objects…)
 * in {@link #unsupportedFields()}. Which fields fit which operation is the service's rule.
 * {@link #toString()} does not print {@code value}.
 */
public record SobjectRequest(String name, String description, ObjectType objType, Long keySize,
        EllipticCurve ellipticCurve, Long pubExponent, List<KeyOperation> keyOps, Boolean enabled,
        SobjectState state, Map<String, String> customMetadata, UUID groupId, byte[] value, String kcv,
        JsonNode activationDate, JsonNode aes, JsonNode allowCredentialUse, JsonNode allowSignHash,
        JsonNode aria, JsonNode bip32, JsonNode bls, JsonNode deactivationDate, JsonNode des, JsonNode des3,
        JsonNode deterministicSignatures, JsonNode dsa, JsonNode eckcdsa, JsonNode exportPolicy,
        JsonNode external, JsonNode fpe, JsonNode googleAccessReasonPolicy, JsonNode kcdsa, JsonNode links,
        JsonNode lms, JsonNode mldsa, JsonNode mlkem, JsonNode publishPublicKey, JsonNode rotationPolicy,
        JsonNode rsa, JsonNode seed, JsonNode slip10, @JsonProperty("transient") JsonNode transientObject,
        JsonNode xmss) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().add("activation_date", activationDate).add("aes", aes)
                .add("allow_credential_use", allowCredentialUse).add("allow_sign_hash", allowSignHash)
                .add("aria", aria).add("bip32", bip32).add("bls", bls)
                .add("deactivation_date", deactivationDate).add("des", des).add("des3", des3)
                .add("deterministic_signatures", deterministicSignatures).add("dsa", dsa)
                .add("eckcdsa", eckcdsa).add("export_policy", exportPolicy).add("external", external)
                .add("fpe", fpe).add("google_access_reason_policy", googleAccessReasonPolicy)
                .add("kcdsa", kcdsa).add("links", links).add("lms", lms).add("mldsa", mldsa)
                .add("mlkem", mlkem).add("publish_public_key", publishPublicKey)
                .add("rotation_policy", rotationPolicy).add("rsa", rsa).add("seed", seed)
                .add("slip10", slip10).add("transient", transientObject).add("xmss", xmss).list();
    }

    @Override
    public String toString() {
        return "SobjectRequest[name=" + name + ", obj_type=" + objType + ", value=" + (value == null ? "absent" : "present")
                + "]";
    }
}
