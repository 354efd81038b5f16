package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DSM {@code SecretCredentialRequest}: either a string, the app's existing secret (kept as it is),
 * or {@code {"size":n}}, generate a new secret of {@code n} bytes ({@code {}}: the default size).
 */
public record SecretCredentialRequest(String existing, Long size) {

    public static SecretCredentialRequest generate(Long size) {
        return new SecretCredentialRequest(null, size);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SecretCredentialRequest ofExisting(String existing) {
        return new SecretCredentialRequest(existing, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static SecretCredentialRequest ofGenerate(@JsonProperty("size") Long size) {
        return generate(size);
    }

    @JsonValue
    Object json() {
        if (existing != null) {
            return existing;
        }
        Map<String, Object> generate = new LinkedHashMap<>();
        if (size != null) {
            generate.put("size", size);
        }
        return generate;
    }
}
