package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.AccountChanges;
import io.replikey.server.service.AccountService;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.NewAccount;
import io.replikey.wire.AccountRequest;
import java.util.UUID;

/** {@code /sys/v1/accounts[/{acct_id}]}. */
final class AccountHandler {
    private final AccountService accounts;

    AccountHandler(AccountService accounts) {
        this.accounts = accounts;
    }

    void create(Context ctx, Principal principal) {
        NewAccount request = AccountWire.newAccount(RequestBodies.required(ctx, AccountRequest.class));
        Responses.json(ctx, AccountWire.toWire(accounts.create(principal, request)));
    }

    void list(Context ctx, Principal principal) {
        Responses.json(ctx, accounts.list(principal).stream().map(AccountWire::toWire).toList());
    }

    void get(Context ctx, Principal principal) {
        Responses.json(ctx, AccountWire.toWire(accounts.get(principal, acctId(ctx))));
    }

    void update(Context ctx, Principal principal) {
        UUID acctId = acctId(ctx);
        AccountChanges changes = AccountWire.changes(RequestBodies.required(ctx, AccountRequest.class));
        Responses.json(ctx, AccountWire.toWire(accounts.update(principal, acctId, changes)));
    }

    void delete(Context ctx, Principal principal) {
        accounts.delete(principal, acctId(ctx));
        Responses.noContent(ctx);
    }

    static UUID acctId(Context ctx) {
        return Identifiers.uuid("acct_id", ctx.pathParam("acct_id"));
    }
}
