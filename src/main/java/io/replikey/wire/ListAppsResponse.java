package io.replikey.wire;

import java.util.List;

/** DSM {@code ListAppsResponseWithMetadata}; without metadata, DSM's listing is a bare JSON array of {@link App}. */
public record ListAppsResponse(List<App> items, CollectionMetadata metadata) {
}
