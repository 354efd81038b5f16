package io.replikey.server.domain;

import io.replikey.server.error.BadRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What an account is for (design.md §4): Standard, or a replica of an account on a source
 * cluster. A {@link Replication} cannot be constructed with settings the rules refuse, so a
 * handler and the replication engine get the same answers. Immutable.
 */
public sealed interface Purpose permits Purpose.Standard, Purpose.Replication {
    Standard STANDARD = new Standard();

    PurposeKind kind();

    /** An ordinary account. */
    record Standard() implements Purpose {
        @Override
        public PurposeKind kind() {
            return PurposeKind.STANDARD;
        }
    }

    /**
     * A replica of the account at {@code url} (https), scanned every {@code scanIntervalHours}
     * (1..255), authenticating with {@code activeCredentialId} (null until one is chosen).
     */
    record Replication(String url, int scanIntervalHours, UUID activeCredentialId) implements Purpose {
        public static final int MIN_SCAN_INTERVAL_HOURS = 1;
        public static final int MAX_SCAN_INTERVAL_HOURS = 255;

        public Replication {
            Objects.requireNonNull(url, "url");
            requireHttps(url);
            if (scanIntervalHours < MIN_SCAN_INTERVAL_HOURS || scanIntervalHours > MAX_SCAN_INTERVAL_HOURS) {
                throw new BadRequestException("scan_interval_hours must be between " + MIN_SCAN_INTERVAL_HOURS
                        + " and " + MAX_SCAN_INTERVAL_HOURS);
            }
        }

        @Override
        public PurposeKind kind() {
            return PurposeKind.ACCOUNT_REPLICATION;
        }

        private static void requireHttps(String url) {
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    throw new BadRequestException("connection_settings.url must be an https URL");
                }
                if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                    throw new BadRequestException("connection_settings.url must be https://host[:port][/path]");
                }
            } catch (URISyntaxException e) {
                throw new BadRequestException("connection_settings.url is not a valid URL");
            }
        }
    }
}
