package io.replikey.server.service;

import java.util.List;
import java.util.UUID;

/**
 * Change a replication credential: a null field keeps its value. {@code certificateChain} holds
 * DER certificates, leaf first; the service checks that each parses and that the leaf holds the
 * credential's own public key.
 */
public record CredentialChanges(UUID appId, List<byte[]> certificateChain) {
}
