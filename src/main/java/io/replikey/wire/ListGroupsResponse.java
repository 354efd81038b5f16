package io.replikey.wire;

import java.util.List;

/** DSM {@code ListGroupsResponseWithMetadata}; without metadata, DSM's listing is a bare JSON array of {@link Group}. */
public record ListGroupsResponse(List<Group> items, CollectionMetadata metadata) {
}
