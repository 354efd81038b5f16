package io.replikey.server.service;

import java.util.UUID;

/**
 * The authenticated principal of one request: a user's session. {@code tokenHash} identifies
 * the session; {@code selectedAccountId} is null until the session selects an account.
 */
public record Caller(UUID userId, String tokenHash, UUID selectedAccountId) {
}
