package io.replikey.server.service;

import io.replikey.server.domain.SecurityObject;
import java.util.List;

/** A page of security objects with DSM's counts: all the caller sees, and those the filters keep. Immutable. */
public record SecurityObjectListing(List<SecurityObject> items, long totalCount, long filteredCount) {
}
