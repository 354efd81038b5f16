package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * DSM {@code GroupRequest}, the body of group create and PATCH; omitted fields keep their value
 * on PATCH, {@code custom_metadata} replaces the whole map. Every field of the contract parses;
 * replikey implements {@code name}, {@code description} and {@code custom_metadata}, and lists the
 * others (policies, HSM gateways, client configurations) in {@link #unsupportedFields()}.
 */
public record GroupRequest(String name, String description, Map<String, String> customMetadata,
        JsonNode addHmg, JsonNode approvalPolicy, JsonNode autoScan, JsonNode clientConfigurations,
        JsonNode cryptographicPolicy, JsonNode custodianPolicy, JsonNode delHmg, JsonNode exportPolicy,
        JsonNode googleAccessReasonPolicy, JsonNode hmgRedundancy, JsonNode hmgSegregation, JsonNode hmgSync,
        JsonNode keyHistoryPolicy, JsonNode keyMetadataPolicy, JsonNode modHmg, JsonNode wrappingKeyName)
        implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().add("add_hmg", addHmg).add("approval_policy", approvalPolicy)
                .add("auto_scan", autoScan).add("client_configurations", clientConfigurations)
                .add("cryptographic_policy", cryptographicPolicy).add("custodian_policy", custodianPolicy)
                .add("del_hmg", delHmg).add("export_policy", exportPolicy)
                .add("google_access_reason_policy", googleAccessReasonPolicy)
                .add("hmg_redundancy", hmgRedundancy).add("hmg_segregation", hmgSegregation)
                .add("hmg_sync", hmgSync).add("key_history_policy", keyHistoryPolicy)
                .add("key_metadata_policy", keyMetadataPolicy).add("mod_hmg", modHmg)
                .add("wrapping_key_name", wrappingKeyName).list();
    }
}
