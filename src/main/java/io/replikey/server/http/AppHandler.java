package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.AppService;
import io.replikey.server.service.Identifiers;
import io.replikey.wire.AppRequest;
import io.replikey.wire.AppResetSecretRequest;
import io.replikey.wire.CollectionMetadata;
import io.replikey.wire.ListAppsResponse;
import java.util.UUID;

/**
 * {@code /sys/v1/apps[/{app_id}[/credential|/reset_secret]]}. Listing takes {@code limit}
 * (1..{@value #MAX_LIMIT}, default {@value #MAX_LIMIT}), {@code offset} and {@code with_metadata};
 * without metadata it answers DSM's bare array.
 */
final class AppHandler {
    static final int MAX_LIMIT = 1000;
    private final AppService apps;

    AppHandler(AppService apps) {
        this.apps = apps;
    }

    void create(Context ctx, Principal principal) {
        var settings = AppWire.settings(RequestBodies.required(ctx, AppRequest.class));
        Responses.json(ctx, AppWire.toWire(apps.create(principal, settings)));
    }

    void list(Context ctx, Principal principal) {
        int limit = intParam(ctx, "limit", MAX_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        boolean withMetadata = booleanParam(ctx, "with_metadata");
        AppService.AppPage page = apps.list(principal, offset, limit);
        var items = page.items().stream().map(AppWire::toWire).toList();
        if (!withMetadata) {
            Responses.json(ctx, items);
            return;
        }
        Responses.json(ctx, new ListAppsResponse(items,
                new CollectionMetadata(null, page.count(), CollectionMetadata.CountAccuracy.EXACT)));
    }

    void get(Context ctx, Principal principal) {
        Responses.json(ctx, AppWire.toWire(apps.get(principal, appId(ctx))));
    }

    void update(Context ctx, Principal principal) {
        UUID appId = appId(ctx);
        var settings = AppWire.settings(RequestBodies.required(ctx, AppRequest.class));
        Responses.json(ctx, AppWire.toWire(apps.update(principal, appId, settings)));
    }

    void delete(Context ctx, Principal principal) {
        apps.delete(principal, appId(ctx));
        Responses.noContent(ctx);
    }

    void credential(Context ctx, Principal principal) {
        Responses.json(ctx, AppWire.toWire(apps.credential(principal, appId(ctx))));
    }

    /** The contract requires a body, {@code {}} at least. */
    void resetSecret(Context ctx, Principal principal) {
        UUID appId = appId(ctx);
        AppResetSecretRequest request = RequestBodies.required(ctx, AppResetSecretRequest.class);
        Responses.json(ctx, AppWire.toWire(apps.resetSecret(principal, appId, request.secretSize())));
    }

    private static UUID appId(Context ctx) {
        return Identifiers.uuid("app_id", ctx.pathParam("app_id"));
    }

    private static int intParam(Context ctx, String name, int absent, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a value out of range
        }
        throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
    }

    private static boolean booleanParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadRequestException(name + " must be true or false");
    }
}
