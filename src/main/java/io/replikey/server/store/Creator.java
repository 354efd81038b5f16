package io.replikey.server.store;

import java.util.UUID;

/**
 * Who created a group, app or security object: DSM's {@code Principal} as the store keeps it.
 * {@code kind} is the principal's variant ({@code user}, {@code app}, {@code plugin},
 * {@code system}, …); {@code id} is null for the variants that carry none.
 */
public record Creator(String kind, UUID id) {
}
