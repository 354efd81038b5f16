package io.replikey.server.service;

import io.replikey.server.crypto.CredentialKeyType;

/** Create a replication credential; {@code keyType} null means the server's configured default. */
public record NewCredential(CredentialKeyType keyType) {
}
