package io.replikey.wire;

/** An empty JSON object {@code {}}: the payload of DSM variants without options, such as {@code {"PKCS1_V15":{}}}. */
public record NoOptions() {
}
