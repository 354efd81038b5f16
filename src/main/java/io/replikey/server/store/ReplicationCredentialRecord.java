package io.replikey.server.store;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.domain.ReplicationCredential;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code replication_credentials}. The private key is present only sealed under the
 * master key; {@code certificateChain} is null until the credential is updated with one.
 */
public record ReplicationCredentialRecord(UUID credentialId, UUID acctId, int slot, CredentialKeyType keyType,
        byte[] publicKey, byte[] sealedPrivateKey, int masterKeyVersion, UUID appId, List<byte[]> certificateChain,
        long createdAt) {

    public ReplicationCredentialRecord withAppAndChain(UUID newAppId, List<byte[]> newChain) {
        return new ReplicationCredentialRecord(credentialId, acctId, slot, keyType, publicKey, sealedPrivateKey,
                masterKeyVersion, newAppId, newChain, createdAt);
    }

    /** The credential without its sealed private key. */
    public ReplicationCredential toCredential() {
        return new ReplicationCredential(credentialId, acctId, slot, keyType, appId, certificateChain,
                Instant.ofEpochSecond(createdAt));
    }

    /** True when the credential can authenticate to a source: it has an app id and a chain. */
    public boolean usable() {
        return appId != null && certificateChain != null && !certificateChain.isEmpty();
    }
}
