package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.service.AccountService;
import io.replikey.server.service.Identifiers;
import io.replikey.wire.AccountRequest;
import java.util.UUID;

/** {@code /sys/v1/accounts[/{acct_id}]}. */
final class AccountHandler {
    private final AccountService accounts;
    private final Authentication auth;

    AccountHandler(AccountService accounts, Authentication auth) {
        this.accounts = accounts;
        this.auth = auth;
    }

    void create(Context ctx) {
        var caller = auth.caller(ctx);
        Responses.json(ctx, WireViews.account(accounts.create(caller, RequestBodies.required(ctx, AccountRequest.class))));
    }

    void list(Context ctx) {
        Responses.json(ctx, accounts.list(auth.caller(ctx)).stream().map(WireViews::account).toList());
    }

    void get(Context ctx) {
        Responses.json(ctx, WireViews.account(accounts.get(auth.caller(ctx), acctId(ctx))));
    }

    void update(Context ctx) {
        var caller = auth.caller(ctx);
        UUID acctId = acctId(ctx);
        Responses.json(ctx, WireViews.account(
                accounts.update(caller, acctId, RequestBodies.required(ctx, AccountRequest.class))));
    }

    void delete(Context ctx) {
        accounts.delete(auth.caller(ctx), acctId(ctx));
        Responses.noContent(ctx);
    }

    static UUID acctId(Context ctx) {
        return Identifiers.uuid("acct_id", ctx.pathParam("acct_id"));
    }
}
