package io.replikey.server.service;

import io.replikey.server.error.BadRequestException;
import java.util.Map;

/** Size rules shared by groups and security objects (names fit their column). Stateless. */
final class Limits {
    static final int MAX_NAME_LENGTH = 4096;
    static final int MAX_DESCRIPTION_LENGTH = 4096;
    static final int MAX_METADATA_ENTRIES = 64;
    static final int MAX_METADATA_LENGTH = 1024;
    /** The most items one listing page returns; also DSM's default page size for security objects. */
    static final int MAX_PAGE = 1000;

    private Limits() {
    }

    static void checkName(String name, boolean required) {
        if (name == null) {
            if (required) {
                throw new BadRequestException("name is required");
            }
            return;
        }
        if (name.isBlank()) {
            throw new BadRequestException("name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new BadRequestException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new BadRequestException("description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    static void checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new BadRequestException("custom_metadata holds more than " + MAX_METADATA_ENTRIES + " entries");
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getValue() == null) {
                throw new BadRequestException("custom_metadata values must be strings");
            }
            if (entry.getKey().length() > MAX_METADATA_LENGTH || entry.getValue().length() > MAX_METADATA_LENGTH) {
                throw new BadRequestException("custom_metadata keys and values are at most "
                        + MAX_METADATA_LENGTH + " characters");
            }
        }
    }

    /** A page size: {@code fallback} when absent, else 1 to {@link #MAX_PAGE}. */
    static int limit(Integer limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be 1 to " + MAX_PAGE);
        }
        return limit;
    }

    static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw new BadRequestException("offset must not be negative");
        }
        return offset;
    }
}
