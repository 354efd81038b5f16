package io.replikey.server.domain;

import io.replikey.server.crypto.CredentialKeyType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A replication credential as the services hand it out: everything but its private key, which
 * never leaves the credential service. {@code appId} and {@code certificateChain} (DER, leaf
 * first) are null until set.
 */
public record ReplicationCredential(UUID credentialId, UUID acctId, int slot, CredentialKeyType keyType,
        UUID appId, List<byte[]> certificateChain, Instant createdAt) {
}
