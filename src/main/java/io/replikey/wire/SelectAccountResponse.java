package io.replikey.wire;

/** Response of {@code POST /sys/v1/session/select_account}; replikey issues no cookie. */
public record SelectAccountResponse(String cookie) {
}
