package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An {@code AccountPurposeType}: the purpose without its settings, e.g. {@code original_purpose}. */
public record PurposeType(@JsonProperty("$type") String type) {
}
