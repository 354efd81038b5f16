package io.replikey.server.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An app of one account: through a session it opened at {@code /sys/v1/session/auth}, or
 * directly by API key or client certificate on a single request ({@code tokenHash} null).
 */
public record AppPrincipal(UUID appId, UUID acctId, String tokenHash) implements Principal {
    public AppPrincipal {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(acctId, "acctId");
    }

    @Override
    public Optional<String> sessionTokenHash() {
        return Optional.ofNullable(tokenHash);
    }
}
