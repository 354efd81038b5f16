package io.replikey.wire;

/** Response of self_sign: the certificate as standard base64 of its DER. */
public record SelfSignResponse(String certificate) {
}
