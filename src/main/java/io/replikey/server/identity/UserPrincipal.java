package io.replikey.server.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A user, always through a session. {@code selectedAccountId} is null until the session selects
 * one of the user's accounts.
 */
public record UserPrincipal(UUID userId, String tokenHash, UUID selectedAccountId) implements Principal {
    public UserPrincipal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    @Override
    public Optional<String> sessionTokenHash() {
        return Optional.of(tokenHash);
    }
}
