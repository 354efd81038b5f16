package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * DSM {@code AppRole}: {@code admin} or {@code crypto}.
 */
public enum AppRole {
    @JsonProperty("admin") ADMIN,
    @JsonProperty("crypto") CRYPTO;
}
