package io.replikey.wire;

import java.util.Map;
import java.util.UUID;

/** An account as DSM returns it, with every field the reference schema marks required. */
public record Account(UUID acctId, String name, String description, boolean enabled, String createdAt,
        AccountPurpose purpose, PurposeType originalPurpose, Map<String, Object> subscription,
        Map<String, Object> loggingConfigs, boolean markKeyDisableWhenDeactivated) {
}
