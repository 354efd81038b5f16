package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code AppResetSecretRequest}: optionally the new secret's size in bytes. replikey makes the
 * old secret stop working at once, so {@code credential_migration_period} is not supported.
 */
public record AppResetSecretRequest(Long secretSize, JsonNode credentialMigrationPeriod) implements PartlySupported {

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().add("credential_migration_period", credentialMigrationPeriod).list();
    }
}
