package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of credential PATCH. Omitted (or null) fields keep their value. */
public record UpdateReplicationCredentialRequest(@JsonProperty("$type") String type, String appId,
        List<String> certificateChain) {
}
