package io.replikey.server.domain;

import java.util.UUID;

/** A replicated security object held without material because the source refused to export it. */
public record UnexportableObject(UUID kid, String name) {
}
