package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DSM {@code AppGroups}: an app's groups with its permissions in each,
 * {@code {"<group-id>":["SIGN","EXPORT",…]}}. The contract also allows a bare array of group ids
 * ({@code ["<group-id>",…]}); it parses into groups whose permissions are null, meaning "not given",
 * and the service decides what that grants. Always written in the map form, so a response must
 * carry a list for every group (the contract has no null there). The map is unmodifiable.
 */
public record AppGroups(Map<UUID, List<AppPermission>> permissions) {

    public AppGroups {
        permissions = Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AppGroups of(Map<UUID, List<AppPermission>> permissions) {
        return new AppGroups(permissions);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AppGroups ofIds(List<UUID> groupIds) {
        Map<UUID, List<AppPermission>> permissions = new LinkedHashMap<>();
        for (UUID groupId : groupIds) {
            if (permissions.containsKey(groupId)) {
                throw new IllegalArgumentException("group ids must be unique");
            }
            permissions.put(groupId, null);
        }
        return new AppGroups(permissions);
    }

    @JsonValue
    Map<UUID, List<AppPermission>> json() {
        return permissions;
    }
}
