package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code EncryptRequest} of {@code POST /crypto/v1/encrypt}. {@code tag_len} is in bits; {@code iv}
 * is generated when omitted. The OAEP {@code label} parses and is listed by {@link #unsupportedFields()}.
 */
public record EncryptRequest(SobjectDescriptor key, Algorithm alg, byte[] plain, CryptMode mode, byte[] iv, byte[] ad,
        Integer tagLen, JsonNode label) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("key", key).present("label", label).list();
    }
}
