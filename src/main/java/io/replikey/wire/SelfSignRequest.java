package io.replikey.wire;

/** Body of self_sign: an empty object (the body may also be omitted). */
public record SelfSignRequest() {
}
