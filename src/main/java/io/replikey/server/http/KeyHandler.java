package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.ExportedObject;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.SecurityObjectListing;
import io.replikey.server.service.SecurityObjectQuery;
import io.replikey.server.service.SecurityObjectService;
import io.replikey.server.store.SecurityObjectSort;
import io.replikey.wire.ListSobjectsResponse;
import io.replikey.wire.Sobject;
import io.replikey.wire.SobjectDescriptor;
import io.replikey.wire.SobjectRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /crypto/v1/keys[/info|/export|/{key_id}[/export]]}. A listing answers DSM's bare array,
 * or {@code {metadata, items}} with {@code with_metadata=true}.
 */
final class KeyHandler {
    private static final Map<String, SecurityObjectSort> SORTS = Map.of(
            "name:asc", SecurityObjectSort.NAME_ASC, "name:desc", SecurityObjectSort.NAME_DESC,
            "kid:asc", SecurityObjectSort.KID_ASC, "kid:desc", SecurityObjectSort.KID_DESC);

    private final SecurityObjectService keys;

    KeyHandler(SecurityObjectService keys) {
        this.keys = keys;
    }

    void generate(Context ctx, Principal principal) {
        var request = SobjectWire.newObject(RequestBodies.required(ctx, SobjectRequest.class));
        Responses.json(ctx, SobjectWire.toWire(keys.generate(principal, request), null));
    }

    void importObject(Context ctx, Principal principal) {
        var request = SobjectWire.newObject(RequestBodies.required(ctx, SobjectRequest.class));
        try {
            Responses.json(ctx, SobjectWire.toWire(keys.importObject(principal, request), null));
        } finally {
            if (request.value() != null) { // the parsed material: keep it in memory no longer than needed
                Arrays.fill(request.value(), (byte) 0);
            }
        }
    }

    void list(Context ctx, Principal principal) {
        String groupId = QueryParams.text(ctx, "group_id");
        String type = QueryParams.text(ctx, "obj_type");
        SecurityObjectListing listing = keys.list(principal, new SecurityObjectQuery(
                groupId == null ? null : Identifiers.uuid("group_id", groupId), QueryParams.text(ctx, "name"),
                type == null ? null : ObjectType.parse(type), sort(QueryParams.text(ctx, "sort")),
                QueryParams.text(ctx, "start"), QueryParams.integer(ctx, "offset"),
                QueryParams.integer(ctx, "limit")));
        List<Sobject> items = listing.items().stream().map(o -> SobjectWire.toWire(o, null)).toList();
        if (QueryParams.bool(ctx, "with_metadata", false)) {
            Responses.json(ctx, new ListSobjectsResponse(
                    new ListSobjectsResponse.Metadata(listing.totalCount(), listing.filteredCount()), items));
        } else {
            Responses.json(ctx, items);
        }
    }

    void info(Context ctx, Principal principal) {
        KeyRef ref = SobjectWire.keyRef(RequestBodies.required(ctx, SobjectDescriptor.class));
        Responses.json(ctx, SobjectWire.toWire(keys.get(principal, ref), null));
    }

    void get(Context ctx, Principal principal) {
        Responses.json(ctx, SobjectWire.toWire(keys.get(principal, KeyRef.byKid(keyId(ctx))), null));
    }

    void update(Context ctx, Principal principal) {
        UUID kid = keyId(ctx);
        var changes = SobjectWire.changes(RequestBodies.required(ctx, SobjectRequest.class));
        Responses.json(ctx, SobjectWire.toWire(keys.update(principal, kid, changes), null));
    }

    void delete(Context ctx, Principal principal) {
        keys.delete(principal, keyId(ctx));
        Responses.noContent(ctx);
    }

    void export(Context ctx, Principal principal) {
        exportAs(ctx, principal, SobjectWire.keyRef(RequestBodies.required(ctx, SobjectDescriptor.class)));
    }

    /** {@code POST /crypto/v1/keys/{key_id}/export}, which DSM's SDKs still call; any body is ignored. */
    void exportById(Context ctx, Principal principal) {
        exportAs(ctx, principal, KeyRef.byKid(keyId(ctx)));
    }

    private void exportAs(Context ctx, Principal principal, KeyRef ref) {
        ExportedObject exported = keys.export(principal, ref);
        try {
            Responses.json(ctx, SobjectWire.toWire(exported.object(), exported.value()));
        } finally {
            Arrays.fill(exported.value(), (byte) 0);
        }
    }

    static UUID keyId(Context ctx) {
        return Identifiers.uuid("key_id", ctx.pathParam("key_id"));
    }

    private static SecurityObjectSort sort(String value) {
        if (value == null) {
            return null;
        }
        SecurityObjectSort sort = SORTS.get(value);
        if (sort == null) {
            throw new BadRequestException("sort must be name:asc, name:desc, kid:asc or kid:desc");
        }
        return sort;
    }
}
