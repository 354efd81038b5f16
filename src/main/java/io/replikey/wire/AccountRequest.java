package io.replikey.wire;

/**
 * The subset of DSM's {@code AccountRequest} that replikey implements (for create and PATCH).
 * Omitted or null fields keep their value on PATCH; {@code purpose} replaces the whole purpose.
 */
public record AccountRequest(String name, String description, Boolean enabled, AccountPurpose purpose) {
}
