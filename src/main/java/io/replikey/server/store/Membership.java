package io.replikey.server.store;

import io.replikey.server.access.AccountRole;

/**
 * An account seen by one of its members, with that member's role. A role the enum does not know
 * (written by a newer version) fails the read rather than granting anything.
 */
public record Membership(AccountRecord account, AccountRole role) {
}
