package io.replikey.wire;

/**
 * DSM {@code EllipticCurve}, spelled as the contract spells it ({@code NistP256}).
 * Every value of the contract parses; the services refuse the ones replikey does not implement.
 */
public enum EllipticCurve {
    X25519, Ed25519, Ed448, X448, SecP192K1, SecP224K1, SecP256K1, NistP192, NistP224, NistP256, NistP384,
    NistP521, Gost256A
}
