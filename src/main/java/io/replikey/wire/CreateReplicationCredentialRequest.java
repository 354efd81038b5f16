package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of credential create: {@code {"$type":"Certificate"}}, optionally with the replikey
 * extension {@code key_type} (default: the server's configured key type).
 */
public record CreateReplicationCredentialRequest(@JsonProperty("$type") String type, String keyType) {
}
