package io.replikey.server.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;

/**
 * Walks a DSM list endpoint page by page, following whatever paging the source answers with,
 * and holding one page at a time.
 *
 * <ul>
 *   <li>Groups ({@code GET /sys/v1/groups}): asks with {@code continuation_token} (empty at
 *       first), which makes DSM answer {@code {metadata, items}}; follows
 *       {@code metadata.continuation_token} until there is none. A source that answers a bare
 *       array instead is paged by {@code offset}.</li>
 *   <li>Security objects ({@code GET /crypto/v1/keys}): {@code limit}, {@code offset},
 *       {@code sort=kid:asc} (a stable order under offsets) and {@code with_metadata=true}; stops
 *       at an empty page or when {@code metadata.filtered_count} (or {@code total_count}) is
 *       reached.</li>
 * </ul>
 *
 * <p>A short page does not end offset paging, since a source may answer fewer items than the
 * limit asked; only an empty page or the reported count does. A source that ignores the offset
 * (answers the same page again) is detected instead of looped on. A page is fetched in
 * {@code hasNext()}; the walk advances only when a page was fetched and parsed whole, so a failed
 * call may be retried. Not thread-safe.
 */
final class SourcePages<T> implements Iterator<List<T>> {
    /** What to ask next: a continuation token (groups only) or an offset. */
    private record Cursor(String continuationToken, long offset) {
    }

    private final SourceConnector source;
    private final String path;
    private final String fixedQuery;
    private final int limit;
    private final Function<JsonNode, T> parse;
    private final Function<T, UUID> id;
    private Cursor next;
    private List<T> buffered;
    private UUID previousFirst;
    private int previousSize;

    private SourcePages(SourceConnector source, String path, String fixedQuery, int limit, Cursor first,
            Function<JsonNode, T> parse, Function<T, UUID> id) {
        this.source = source;
        this.path = path;
        this.fixedQuery = fixedQuery;
        this.limit = limit;
        this.next = first;
        this.parse = parse;
        this.id = id;
    }

    static SourcePages<SourceGroup> groups(SourceConnector source, int limit) {
        return new SourcePages<>(source, SourceConnector.GROUPS, "", limit, new Cursor("", 0), SourceGroup::from,
                SourceGroup::groupId);
    }

    static SourcePages<SourceObject> objects(SourceConnector source, int limit) {
        return new SourcePages<>(source, SourceConnector.KEYS, "&sort=kid:asc&with_metadata=true", limit,
                new Cursor(null, 0), SourceObject::from, SourceObject::kid);
    }

    @Override
    public boolean hasNext() {
        while (buffered == null && next != null) {
            fetch();
        }
        return buffered != null;
    }

    @Override
    public List<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<T> page = buffered;
        buffered = null;
        return page;
    }

    private void fetch() {
        JsonNode answer = source.getJson(path + "?" + query(next));
        JsonNode items = answer.isArray() ? answer : answer.get("items");
        if (items == null || !items.isArray()) {
            throw SourceFields.malformed("the answer to " + path + " has no items array");
        }
        JsonNode metadata = answer.isObject() ? answer.get("metadata") : null;
        List<T> page = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            page.add(parse.apply(item));
        }
        Cursor following = following(page, metadata);
        if (!page.isEmpty() && ignoresOffset(page)) {
            following = null;
            page = List.of();
        }
        if (!page.isEmpty()) {
            previousFirst = id.apply(page.get(0));
            previousSize = page.size();
            buffered = List.copyOf(page);
        }
        next = following;
    }

    /** The request after this page, or null when this page was the last. */
    private Cursor following(List<T> page, JsonNode metadata) {
        long offset = next.offset() + page.size();
        if (next.continuationToken() != null && metadata != null && metadata.isObject()) {
            JsonNode token = metadata.get("continuation_token");
            if (token == null || token.isNull() || (token.isTextual() && token.textValue().isEmpty())) {
                return null;
            }
            if (!token.isTextual() || token.textValue().equals(next.continuationToken())) {
                throw SourceFields.malformed("the source answered " + path + " with an unusable continuation token");
            }
            return new Cursor(token.textValue(), offset);
        }
        if (page.isEmpty()) {
            return null;
        }
        Long count = reportedCount(metadata);
        return count != null && offset >= count ? null : new Cursor(null, offset);
    }

    private static Long reportedCount(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        for (String field : List.of("filtered_count", "total_count")) {
            JsonNode count = metadata.get(field);
            if (count != null && count.isIntegralNumber()) {
                return count.longValue();
            }
        }
        return null;
    }

    /**
     * True when an offset page starts where the previous one did: the source ignores
     * {@code offset}. If the previous page was short it held everything; otherwise the
     * source cannot be paged and the walk fails rather than miss or repeat objects.
     */
    private boolean ignoresOffset(List<T> page) {
        if (next.continuationToken() != null || next.offset() == 0 || !id.apply(page.get(0)).equals(previousFirst)) {
            return false;
        }
        if (previousSize < limit) {
            return true;
        }
        throw SourceFields.malformed("the source ignores the offset of " + path + "; its list cannot be paged");
    }

    private String query(Cursor cursor) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        if (cursor.continuationToken() != null) {
            query.append("&continuation_token=")
                    .append(URLEncoder.encode(cursor.continuationToken(), StandardCharsets.UTF_8));
        } else {
            query.append("&offset=").append(cursor.offset());
        }
        return query.append(fixedQuery).toString();
    }
}
