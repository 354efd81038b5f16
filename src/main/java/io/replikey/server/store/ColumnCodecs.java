package io.replikey.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How list- and map-valued fields are written into one TEXT column, the same way on every
 * dialect. Stateless and thread-safe.
 */
final class ColumnCodecs {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private ColumnCodecs() {
    }

    /** An id as its canonical text; null stays null. */
    static String id(UUID id) {
        return id == null ? null : id.toString();
    }

    static String base64(byte[] bytes) {
        return bytes == null ? null : B64.encodeToString(bytes);
    }

    static byte[] fromBase64(String text) {
        return text == null ? null : B64D.decode(text);
    }

    /** Binary values, each base64 (which has no comma), joined by commas; null stays null. */
    static String base64List(List<byte[]> values) {
        return values == null ? null : values.stream().map(B64::encodeToString).collect(Collectors.joining(","));
    }

    /**
     * The inverse of {@link #base64List}. An empty text is the empty list; limit -1 keeps empty
     * elements that {@code split} would otherwise drop from the end. (A list of one zero-length
     * element also encodes as the empty text and reads back as the empty list.)
     */
    static List<byte[]> fromBase64List(String text) {
        if (text == null) {
            return null;
        }
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",", -1)).map(B64D::decode).toList();
    }

    /**
     * Enum words (key operations, permissions) joined by commas. The words are the DSM
     * contract's upper-case identifiers, which never hold a comma; one that does is refused
     * rather than silently split in two on the way back.
     */
    static String words(List<String> words) {
        for (String word : words) {
            if (word.isEmpty() || word.indexOf(',') >= 0) {
                throw new IllegalArgumentException("not a storable word: '" + word + "'");
            }
        }
        return String.join(",", words);
    }

    static List<String> fromWords(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(",", -1));
    }

    /** A string map as a JSON object, keeping its iteration order; null stays null. */
    static String json(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map is always JSON", e);
        }
    }

    static Map<String, String> fromJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("custom_metadata column does not hold a JSON object of strings", e);
        }
    }
}
