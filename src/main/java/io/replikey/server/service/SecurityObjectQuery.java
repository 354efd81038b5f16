package io.replikey.server.service;

import io.replikey.server.crypto.ObjectType;
import io.replikey.server.store.SecurityObjectSort;
import java.util.UUID;

/**
 * DSM's listing parameters for security objects; null means not given. {@code start} is a sort
 * key (a kid for kid orders, a name for name orders): the listing begins at it, inclusive. Immutable.
 */
public record SecurityObjectQuery(UUID groupId, String name, ObjectType type, SecurityObjectSort sort, String start,
        Integer offset, Integer limit) {
}
