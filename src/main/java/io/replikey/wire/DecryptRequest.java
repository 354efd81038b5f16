package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code DecryptRequest} of {@code POST /crypto/v1/decrypt}. The OAEP {@code label} and
 * {@code masked} (tokenization) parse and are listed by {@link #unsupportedFields()}.
 */
public record DecryptRequest(SobjectDescriptor key, Algorithm alg, byte[] cipher, CryptMode mode, byte[] iv,
        byte[] ad, byte[] tag, JsonNode masked, JsonNode label) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("key", key).add("masked", masked).present("label", label).list();
    }
}
