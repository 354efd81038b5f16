package io.replikey.server.service;

import java.util.List;

/**
 * One page of a listing: its items, how many items the whole listing holds, and the cursor that
 * continues after this page (null on the last page). Immutable.
 */
public record Page<T>(List<T> items, long count, String continuation) {
}
