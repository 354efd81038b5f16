package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The JSON mappers of the DSM wire format: snake_case names, nulls omitted unless a type asks
 * for them. The strict mapper (server side, for request bodies) rejects unknown fields, scalar
 * coercions (a number for a string, "5" for an integer, 1.5 for an integer), duplicate keys and
 * trailing tokens, strings holding NUL, ids other than the canonical 8-4-4-4-12 UUID form (also as map
 * keys) and binary fields other than standard padded base64. The lenient mapper (client side) ignores unknown response fields, as DSM
 * clients must. Both are immutable and thread-safe once built.
 */
public final class Json {
    private static final ObjectMapper STRICT = build(true);
    private static final ObjectMapper LENIENT = build(false);

    private Json() {
    }

    public static ObjectMapper strict() {
        return STRICT;
    }

    public static ObjectMapper lenient() {
        return LENIENT;
    }

    /** Refuses strings holding U+0000, which no field needs and PostgreSQL text cannot store. */
    private static final class NoNulStringDeserializer extends StringDeserializer {
        private static final long serialVersionUID = 1L;
        static final NoNulStringDeserializer INSTANCE = new NoNulStringDeserializer();

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, "NUL character in string", value, String.class);
            }
            return value;
        }
    }

    /**
     * Only the canonical 8-4-4-4-12 hex form is an id: Jackson's own UUID reader also takes 16
     * base64-encoded bytes, and {@link UUID#fromString} alone takes forms like {@code 1-2-3-4-5}.
     */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final class CanonicalUuidDeserializer extends StdScalarDeserializer<UUID> {
        private static final long serialVersionUID = 1L;

        CanonicalUuidDeserializer() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = _parseString(parser, context, NoNulStringDeserializer.INSTANCE);
            if (text == null || !CANONICAL_UUID.matcher(text).matches()) {
                throw InvalidFormatException.from(parser, "not a canonical UUID", text, UUID.class);
            }
            return UUID.fromString(text);
        }
    }

    private static final class CanonicalUuidKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (!CANONICAL_UUID.matcher(key).matches()) {
                return context.handleWeirdKey(UUID.class, key, "not a canonical UUID");
            }
            return UUID.fromString(key);
        }
    }

    /**
     * Binary fields are standard base64 (RFC 4648 §4) with padding, as design.md §5 says; Jackson's
     * own reader also skips embedded whitespace.
     */
    private static final class StandardBase64Deserializer extends StdScalarDeserializer<byte[]> {
        private static final long serialVersionUID = 1L;

        StandardBase64Deserializer() {
            super(byte[].class);
        }

        @Override
        public byte[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = _parseString(parser, context, NoNulStringDeserializer.INSTANCE);
            try {
                if (text == null || text.length() % 4 != 0) {
                    throw new IllegalArgumentException("length is not a multiple of 4");
                }
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(parser, "not standard padded base64", text, byte[].class);
            }
        }
    }

    private static ObjectMapper build(boolean strict) {
        JsonMapper.Builder builder = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, strict)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, !strict)
                .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, strict)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, !strict)
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strict);
        if (strict) {
            builder.addModule(new SimpleModule("replikey-strict-scalars")
                    .addDeserializer(String.class, NoNulStringDeserializer.INSTANCE)
                    .addDeserializer(UUID.class, new CanonicalUuidDeserializer())
                    .addKeyDeserializer(UUID.class, new CanonicalUuidKeyDeserializer())
                    .addDeserializer(byte[].class, new StandardBase64Deserializer()));
        }
        ObjectMapper mapper = builder.build();
        if (strict) {
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }
}
