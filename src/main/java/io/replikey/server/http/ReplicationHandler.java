package io.replikey.server.http;

import io.javalin.http.Context;
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
    private final Authentication auth;

    ReplicationHandler(ReplicationCredentialService credentials, Authentication auth) {
        this.credentials = credentials;
        this.auth = auth;
    }

    void create(Context ctx) {
        var caller = auth.caller(ctx);
        UUID acctId = AccountHandler.acctId(ctx);
        var request = RequestBodies.required(ctx, CreateReplicationCredentialRequest.class);
        Responses.json(ctx, WireViews.credential(credentials.create(caller, acctId, request)));
    }

    void list(Context ctx) {
        var items = credentials.list(auth.caller(ctx), AccountHandler.acctId(ctx));
        Responses.json(ctx, new ListReplicationCredentialsResponse(items.stream().map(WireViews::credential).toList()));
    }

    void get(Context ctx) {
        Responses.json(ctx, WireViews.credential(
                credentials.get(auth.caller(ctx), AccountHandler.acctId(ctx), credentialId(ctx))));
    }

    void update(Context ctx) {
        var caller = auth.caller(ctx);
        UUID acctId = AccountHandler.acctId(ctx);
        UUID credentialId = credentialId(ctx);
        var request = RequestBodies.required(ctx, UpdateReplicationCredentialRequest.class);
        Responses.json(ctx, WireViews.credential(credentials.update(caller, acctId, credentialId, request)));
    }

    void delete(Context ctx) {
        credentials.delete(auth.caller(ctx), AccountHandler.acctId(ctx), credentialId(ctx));
        Responses.noContent(ctx);
    }

    void selfSign(Context ctx) {
        var caller = auth.caller(ctx);
        UUID acctId = AccountHandler.acctId(ctx);
        UUID credentialId = credentialId(ctx);
        RequestBodies.optional(ctx, SelfSignRequest.class);
        byte[] der = credentials.selfSign(caller, acctId, credentialId);
        Responses.json(ctx, new SelfSignResponse(Base64.getEncoder().encodeToString(der)));
    }

    private static UUID credentialId(Context ctx) {
        return Identifiers.uuid("credential_id", ctx.pathParam("credential_id"));
    }
}
