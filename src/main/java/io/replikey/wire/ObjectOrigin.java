package io.replikey.wire;

/**
 * DSM {@code ObjectOrigin}: where a security object was made.
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum ObjectOrigin {
    FortanixHSM, Transient, External
}
