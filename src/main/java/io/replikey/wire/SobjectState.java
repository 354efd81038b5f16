package io.replikey.wire;

/**
 * DSM {@code SobjectState}: the lifecycle state of a security object.
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum SobjectState {
    PreActive, Active, Deactivated, Compromised, Destroyed, Deleted
}
