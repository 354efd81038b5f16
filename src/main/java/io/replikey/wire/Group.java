package io.replikey.wire;

import java.util.Map;
import java.util.UUID;

/**
 * DSM {@code Group} as replikey returns it. replikey has no group policies, HSM gateways or client
 * configurations, so of those only the required {@code client_configurations} is written, as {@code {}}.
 */
public record Group(UUID acctId, UUID groupId, String name, String description, String createdAt, Principal creator,
        Map<String, String> customMetadata, Map<String, Object> clientConfigurations) {
}
