package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/**
 * DSM {@code AppRequest}, the body of app create and PATCH; omitted fields keep their value on
 * PATCH. {@code add_groups} / {@code mod_groups} give permissions per group, {@code del_groups}
 * removes groups. Every field of the contract parses; the ones replikey does not implement
 * ({@code account_membership}, {@code client_configurations}, {@code credential_migration_period},
 * {@code ip_address_policy}, {@code oauth_config}) are listed by {@link #unsupportedFields()}.
 * {@code secret_size} is the size in bytes of a generated API key.
 */
public record AppRequest(String name, String description, String appType,
        @JsonProperty("interface") String appInterface, AppRole role, Boolean enabled,
        AppCredentialRequest credential, AppGroups addGroups, AppGroups modGroups, List<UUID> delGroups,
        UUID defaultGroup, Long secretSize, JsonNode accountMembership, JsonNode clientConfigurations,
        JsonNode credentialMigrationPeriod, JsonNode ipAddressPolicy, JsonNode oauthConfig)
        implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("credential", credential).add("account_membership", accountMembership)
                .add("client_configurations", clientConfigurations)
                .add("credential_migration_period", credentialMigrationPeriod)
                .add("ip_address_policy", ipAddressPolicy).add("oauth_config", oauthConfig).list();
    }
}
