package io.replikey.wire;

import java.util.List;

/** Response of credential list. */
public record ListReplicationCredentialsResponse(List<ReplicationCredential> items) {
}
