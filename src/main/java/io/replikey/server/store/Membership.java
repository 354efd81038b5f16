package io.replikey.server.store;

/** An account seen by one of its members, with that member's role. */
public record Membership(AccountRecord account, String role) {
}
