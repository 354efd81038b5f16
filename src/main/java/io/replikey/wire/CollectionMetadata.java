package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * DSM {@code CollectionMetadata} of a listing with metadata (apps, groups): how many items match,
 * and a {@code continuation_token} when more pages follow (absent on the last page).
 */
public record CollectionMetadata(String continuationToken, long count, CountAccuracy countAccuracy) {

    /** DSM {@code CountAccuracy}: {@code {"$type":"Exact"}} or {@code {"$type":"Approximate"}}. */
    public record CountAccuracy(@JsonProperty("$type") String type) {
        public static final CountAccuracy EXACT = new CountAccuracy("Exact");
        public static final CountAccuracy APPROXIMATE = new CountAccuracy("Approximate");
    }
}
