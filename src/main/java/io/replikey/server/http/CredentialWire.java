package io.replikey.server.http;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.domain.ReplicationCredential;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.service.CredentialChanges;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.NewCredential;
import io.replikey.wire.CreateReplicationCredentialRequest;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Replication credentials between the DSM wire and the domain. The private key has no wire form.
 * Stateless.
 */
final class CredentialWire {
    private CredentialWire() {
    }

    static NewCredential newCredential(CreateReplicationCredentialRequest request) {
        requireCertificateType(request.type());
        if (request.keyType() == null) {
            return new NewCredential(null);
        }
        try {
            return new NewCredential(CredentialKeyType.parse(request.keyType()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("key_type: " + e.getMessage());
        }
    }

    static CredentialChanges changes(UpdateReplicationCredentialRequest request) {
        requireCertificateType(request.type());
        UUID appId = request.appId() == null ? null : Identifiers.uuid("app_id", request.appId());
        return new CredentialChanges(appId,
                request.certificateChain() == null ? null : decodeChain(request.certificateChain()));
    }

    private static void requireCertificateType(String type) {
        if (type == null) {
            throw new BadRequestException("$type is required");
        }
        if (!io.replikey.wire.ReplicationCredential.CERTIFICATE.equals(type)) {
            throw new BadRequestException("$type must be Certificate");
        }
    }

    private static List<byte[]> decodeChain(List<String> encoded) {
        List<byte[]> chain = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            chain.add(Identifiers.base64("certificate_chain[" + i + "]", encoded.get(i)));
        }
        return chain;
    }

    static io.replikey.wire.ReplicationCredential toWire(ReplicationCredential c) {
        List<String> chain = c.certificateChain() == null ? null
                : c.certificateChain().stream().map(Base64.getEncoder()::encodeToString).toList();
        return new io.replikey.wire.ReplicationCredential(io.replikey.wire.ReplicationCredential.CERTIFICATE,
                c.credentialId().toString(), c.appId(), chain, c.keyType().configName());
    }
}
