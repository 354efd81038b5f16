package io.replikey.server.store;

import java.util.List;
import java.util.UUID;

/**
 * A row of {@code apps}. {@code role} is {@code admin} or {@code crypto}; {@code credentialKind}
 * is {@code secret}, {@code certificate} or {@code trustedca}, and the fields of that kind are
 * set: the API key only sealed under the master key (with its key version), the client
 * certificate as DER, or the trusted CA's subject (opaque text the service writes and reads) and
 * CA certificates. Fields of the other kinds may be null. Times are epoch seconds; the app's
 * groups and default group live in {@link AppGroupRecord}.
 */
public record AppRecord(UUID appId, UUID acctId, String name, String description, String appType,
        String appInterface, boolean enabled, String role, String credentialKind, byte[] sealedSecret,
        Integer masterKeyVersion, byte[] certificate, String trustedCaSubject, List<byte[]> trustedCaCertificates,
        Creator creator, long createdAt, Long lastusedAt) {
}
