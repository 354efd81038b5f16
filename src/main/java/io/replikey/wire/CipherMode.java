package io.replikey.wire;

/**
 * DSM {@code CipherMode}: a symmetric cipher mode ({@code mode} of encrypt and decrypt).
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum CipherMode {
    ECB, CBC, CBCNOPAD, CFB, OFB, CTR, GCM, CCM, KW, KWP, FF1
}
