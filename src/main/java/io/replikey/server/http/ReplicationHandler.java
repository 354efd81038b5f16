package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.ReplicationCredentialService;
import io.replikey.wire.CreateReplicationCredentialRequest;
import io.replikey.wire.ListReplicationCredentialsResponse;
import io.replikey.wire.SelfSignRequest;
import io.replikey.wire.SelfSignResponse;
import io.replikey.wire.UpdateReplicationCredentialRequest;
import java.util.Base64;
import java.util.UUID;

/** {@code /sys/v1/accounts/{acct_id}/replication/credentials[/{credential_id}[/self_sign]]}. */
final class ReplicationHandler {
    private final ReplicationCredentialService credentials;

    ReplicationHandler(ReplicationCredentialService credentials) {
        this.credentials = credentials;
    }

    void create(Context ctx, Principal principal) {
        UUID acctId = AccountHandler.acctId(ctx);
        var request = CredentialWire.newCredential(RequestBodies.required(ctx, CreateReplicationCredentialRequest.class));
        Responses.json(ctx, CredentialWire.toWire(credentials.create(principal, acctId, request)));
    }

    void list(Context ctx, Principal principal) {
        var items = credentials.list(principal, AccountHandler.acctId(ctx));
        Responses.json(ctx, new ListReplicationCredentialsResponse(items.stream().map(CredentialWire::toWire).toList()));
    }

    void get(Context ctx, Principal principal) {
        Responses.json(ctx, CredentialWire.toWire(
                credentials.get(principal, AccountHandler.acctId(ctx), credentialId(ctx))));
    }

    void update(Context ctx, Principal principal) {
        UUID acctId = AccountHandler.acctId(ctx);
        UUID credentialId = credentialId(ctx);
        var changes = CredentialWire.changes(RequestBodies.required(ctx, UpdateReplicationCredentialRequest.class));
        Responses.json(ctx, CredentialWire.toWire(credentials.update(principal, acctId, credentialId, changes)));
    }

    void delete(Context ctx, Principal principal) {
        credentials.delete(principal, AccountHandler.acctId(ctx), credentialId(ctx));
        Responses.noContent(ctx);
    }

    void selfSign(Context ctx, Principal principal) {
        UUID acctId = AccountHandler.acctId(ctx);
        UUID credentialId = credentialId(ctx);
        RequestBodies.optional(ctx, SelfSignRequest.class);
        byte[] der = credentials.selfSign(principal, acctId, credentialId);
        Responses.json(ctx, new SelfSignResponse(Base64.getEncoder().encodeToString(der)));
    }

    private static UUID credentialId(Context ctx) {
        return Identifiers.uuid("credential_id", ctx.pathParam("credential_id"));
    }
}
