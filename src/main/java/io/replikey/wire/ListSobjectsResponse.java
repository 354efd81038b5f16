package io.replikey.wire;

import java.util.List;

/**
 * DSM {@code ListSobjectsResponse} with metadata ({@code with_metadata=true}); without it, DSM's
 * listing is a bare JSON array of {@link Sobject}.
 */
public record ListSobjectsResponse(Metadata metadata, List<Sobject> items) {

    /** DSM {@code Metadata} of a security-object listing. */
    public record Metadata(Long totalCount, Long filteredCount) {
    }
}
