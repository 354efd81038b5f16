package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * A replication credential: {@code {"$type":"Certificate","credential_id":…,"app_id":…,"certificate_chain":…}}.
 * {@code app_id} and {@code certificate_chain} are written as null until set, as DSM does.
 * {@code key_type} is a replikey extension naming the key type (e.g. {@code ec-p256}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplicationCredential(@JsonProperty("$type") String type, String credentialId, UUID appId,
        List<String> certificateChain, String keyType) {
    public static final String CERTIFICATE = "Certificate";
}
