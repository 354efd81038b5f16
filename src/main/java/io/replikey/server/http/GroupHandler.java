package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.domain.Creator;
import io.replikey.server.domain.Group;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.GroupFields;
import io.replikey.server.service.GroupService;
import io.replikey.server.service.Identifiers;
import io.replikey.server.service.Page;
import io.replikey.wire.CollectionMetadata;
import io.replikey.wire.GroupRequest;
import io.replikey.wire.ListGroupsResponse;
import io.replikey.wire.WireTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /sys/v1/groups[/{group_id}]}. A listing with any of {@code limit}, {@code offset} or
 * {@code continuation_token} answers DSM's {@code ListGroupsResponseWithMetadata}; without them,
 * the bare array of every visible group.
 */
final class GroupHandler {
    private static final List<String> PAGING = List.of("limit", "offset", "continuation_token");

    private final GroupService groups;

    GroupHandler(GroupService groups) {
        this.groups = groups;
    }

    void create(Context ctx, Principal principal) {
        GroupFields fields = fields(RequestBodies.required(ctx, GroupRequest.class));
        Responses.json(ctx, toWire(groups.create(principal, fields)));
    }

    void list(Context ctx, Principal principal) {
        Page<Group> page = groups.list(principal, QueryParams.integer(ctx, "limit"),
                QueryParams.integer(ctx, "offset"), QueryParams.text(ctx, "continuation_token"));
        List<io.replikey.wire.Group> items = page.items().stream().map(GroupHandler::toWire).toList();
        if (PAGING.stream().noneMatch(name -> ctx.queryParam(name) != null)) {
            Responses.json(ctx, items);
            return;
        }
        Responses.json(ctx, new ListGroupsResponse(items,
                new CollectionMetadata(page.continuation(), page.count(), CollectionMetadata.CountAccuracy.EXACT)));
    }

    void get(Context ctx, Principal principal) {
        Responses.json(ctx, toWire(groups.get(principal, groupId(ctx))));
    }

    void update(Context ctx, Principal principal) {
        UUID groupId = groupId(ctx);
        GroupFields changes = fields(RequestBodies.required(ctx, GroupRequest.class));
        Responses.json(ctx, toWire(groups.update(principal, groupId, changes)));
    }

    void delete(Context ctx, Principal principal) {
        groups.delete(principal, groupId(ctx));
        Responses.noContent(ctx);
    }

    private static UUID groupId(Context ctx) {
        return Identifiers.uuid("group_id", ctx.pathParam("group_id"));
    }

    private static GroupFields fields(GroupRequest request) {
        return new GroupFields(request.name(), request.description(), request.customMetadata());
    }

    static io.replikey.wire.Group toWire(Group g) {
        return new io.replikey.wire.Group(g.acctId(), g.groupId(), g.name(), g.description(),
                WireTime.format(g.createdAt().getEpochSecond()), creator(g.creator()), g.customMetadata(), Map.of());
    }

    /** DSM's {@code Principal} of a creator. */
    static io.replikey.wire.Principal creator(Creator creator) {
        return switch (creator.kind()) {
            case USER -> io.replikey.wire.Principal.user(creator.id());
            case APP -> io.replikey.wire.Principal.app(creator.id());
            case SYSTEM -> io.replikey.wire.Principal.system();
        };
    }
}
