package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The security object types replikey can hold, spelled as the DSM {@code ObjectType} schema spells
 * them (the enum constant names are the wire names). DSM knows more types (DES, ARIA, ML-DSA…);
 * those are refused as unsupported.
 */
public enum ObjectType {
    AES, RSA, EC, HMAC, SECRET, OPAQUE, CERTIFICATE;

    /** The DSM wire name, e.g. {@code "AES"}. */
    public String wireName() {
        return name();
    }

    /** True for the types with a public key ({@code pub_key}): RSA, EC and CERTIFICATE. */
    public boolean hasPublicKey() {
        return this == RSA || this == EC || this == CERTIFICATE;
    }

    /**
     * Parses a DSM wire name (exact spelling, as DSM).
     *
     * @throws BadRequestException naming the supported types when {@code name} is not one
     */
    public static ObjectType parse(String name) {
        return WireNames.parse(ObjectType.class, name, "obj_type must be one of " + names());
    }

    private static String names() {
        return Arrays.stream(values()).map(ObjectType::wireName).collect(Collectors.joining(", "));
    }
}
