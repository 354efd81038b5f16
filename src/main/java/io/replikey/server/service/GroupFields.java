package io.replikey.server.service;

import java.util.Map;

/**
 * The settable fields of a group: all for a create (name required), the ones to change for an
 * update (null keeps the value; {@code customMetadata} replaces the whole map). Immutable.
 */
public record GroupFields(String name, String description, Map<String, String> customMetadata) {
}
