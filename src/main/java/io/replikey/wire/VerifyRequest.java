package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code VerifyRequest} of {@code POST /crypto/v1/verify}: as {@link SignRequest}, with the
 * {@code signature} to check.
 */
public record VerifyRequest(SobjectDescriptor key, DigestAlgorithm hashAlg, byte[] hash, byte[] data,
        SignatureMode mode, byte[] signature, JsonNode context) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("key", key).nested("mode", mode).present("context", context).list();
    }
}
