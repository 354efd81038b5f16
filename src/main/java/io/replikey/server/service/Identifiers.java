package io.replikey.server.service;

import io.replikey.server.error.BadRequestException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict parsing of client-supplied ids and binary fields. Only the canonical 8-4-4-4-12 hex
 * form is an id ({@link UUID#fromString} alone accepts forms like {@code 1-2-3-4-5}); base64
 * must be standard, padded base64.
 */
public final class Identifiers {
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Identifiers() {
    }

    /** Parses {@code value} as a UUID, reporting a 400 that names {@code field} otherwise. */
    public static UUID uuid(String field, String value) {
        if (!isUuid(value)) {
            throw new BadRequestException(field + " is not a valid UUID");
        }
        return UUID.fromString(value);
    }

    /** True when {@code value} is a UUID in canonical form (an app id, never an email). */
    public static boolean isUuid(String value) {
        return value != null && CANONICAL_UUID.matcher(value).matches();
    }

    /** Decodes standard base64, reporting a 400 that names {@code field} otherwise. */
    public static byte[] base64(String field, String value) {
        try {
            if (value == null || value.length() % 4 != 0) {
                throw new IllegalArgumentException();
            }
            return java.util.Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + " is not valid base64");
        }
    }
}
