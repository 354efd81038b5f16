package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.UUID;

/**
 * DSM {@code App} as replikey returns it, with every field the contract marks required. replikey
 * has no client configurations, IP address policies or operation counters: those required
 * fields are written as {@code {}}, {@code "allow_all"} and {@code {}}; {@code legacy_access} is false.
 * {@code cert_not_after} is set for certificate and trusted-CA apps only.
 */
public record App(UUID acctId, UUID appId, String name, String description, String appType,
        @JsonProperty("interface") String appInterface,
        AppRole role, boolean enabled, AppGroups groups, UUID defaultGroup, AppAuthType authType, String createdAt,
        String lastusedAt, String certNotAfter, Principal creator, Map<String, Object> clientConfigurations,
        String ipAddressPolicy, Map<String, Object> lastOperations, boolean legacyAccess) {

    public static final String ALLOW_ALL = "allow_all";
}
