package io.replikey.server.domain;

import java.time.Instant;
import java.util.UUID;

/** A user as the services hand it out: never the password hash. {@code lastLoggedInAt} is null before the first login. */
public record User(UUID userId, String email, String firstName, String lastName, Instant createdAt,
        Instant lastLoggedInAt) {
}
