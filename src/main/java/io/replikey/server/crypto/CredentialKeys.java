package io.replikey.server.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Generates credential key pairs and decodes stored PKCS#8 private keys. Stateless and thread-safe.
 */
public final class CredentialKeys {
    private CredentialKeys() {
    }

    /** Generates a fresh key pair of the given type with the platform's strong randomness. */
    public static KeyPair generate(CredentialKeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.keyAlgorithm());
            if (type.curve() != null) {
                generator.initialize(new ECGenParameterSpec(type.curve()));
            } else if (type.rsaBits() > 0) {
                generator.initialize(new RSAKeyGenParameterSpec(type.rsaBits(), RSAKeyGenParameterSpec.F4));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + type.configName() + " key", e);
        }
    }

    /** Decodes a PKCS#8 private key of the given type. */
    public static PrivateKey decodePrivate(CredentialKeyType type, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(type.keyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + type.configName() + " private key does not decode", e);
        }
    }
}
