package io.replikey.server.domain;

import io.replikey.server.access.AppPermission;
import io.replikey.server.access.AppRole;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An app as the app service hands it out: its profile, role, groups and how it authenticates,
 * never its secret (only {@code GetAppCredential} returns that). {@code groups} maps each of the
 * app's groups to its permissions there; {@code defaultGroup} is one of them or null.
 * {@code certNotAfter} is set for certificate apps only; {@code lastusedAt} is null until first use.
 */
public record App(UUID appId, UUID acctId, String name, String description, String appType, String appInterface,
        AppRole role, boolean enabled, Map<UUID, Set<AppPermission>> groups, UUID defaultGroup, AppAuth auth,
        Instant certNotAfter, Creator creator, Instant createdAt, Instant lastusedAt) {

    /** How an app authenticates. */
    public enum AppAuth {
        /** An API key: {@code Basic base64(app_id:secret)}. */
        SECRET,
        /** A TLS client certificate, matched exactly against the registered one. */
        CERTIFICATE
    }

    /** Who created the app: a user or an app (the two principals that reach the apps API). */
    public record Creator(boolean isApp, UUID id) {
    }
}
