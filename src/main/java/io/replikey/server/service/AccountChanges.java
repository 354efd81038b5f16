package io.replikey.server.service;

import io.replikey.server.domain.Purpose;

/**
 * Change an account (PATCH): a null field keeps its value; a purpose replaces the whole purpose,
 * as in DSM.
 */
public record AccountChanges(String name, String description, Boolean enabled, Purpose purpose) {
}
