package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code SignRequest} of {@code POST /crypto/v1/sign}: exactly one of {@code data} (hashed
 * with {@code hash_alg}) and {@code hash} (already hashed with {@code hash_alg}), a service rule.
 * {@code mode} selects the RSA padding. {@code deterministic_signature: true} and {@code context}
 * (ML-DSA) parse and are listed by {@link #unsupportedFields()}.
 */
public record SignRequest(SobjectDescriptor key, DigestAlgorithm hashAlg, byte[] hash, byte[] data,
        SignatureMode mode, JsonNode deterministicSignature, JsonNode context) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("key", key).nested("mode", mode).add("deterministic_signature", deterministicSignature)
                .present("context", context).list();
    }
}
