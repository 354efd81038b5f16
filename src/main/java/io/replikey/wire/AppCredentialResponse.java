package io.replikey.wire;

import java.util.UUID;

/**
 * DSM {@code AppCredentialResponse} of {@code GET /sys/v1/apps/{app_id}/credential}. replikey
 * keeps no {@code previous_credential}: a reset secret stops working at once.
 */
public record AppCredentialResponse(UUID appId, AppCredential credential) {
}
