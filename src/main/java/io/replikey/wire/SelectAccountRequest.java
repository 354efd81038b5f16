package io.replikey.wire;


/** Body of {@code POST /sys/v1/session/select_account}. */
public record SelectAccountRequest(String acctId) {
}
