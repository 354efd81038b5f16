package io.replikey.server.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.PayloadTooLargeException;
import io.replikey.wire.Json;
import io.replikey.wire.PartlySupported;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Reads request bodies: at most {@link ServerConfig#MAX_BODY_BYTES}, parsed strictly into a wire
 * record. The body is already in memory ({@link CompleteBodyHandler}), so reading never waits. Every parse failure becomes a 400 whose message names the field but reveals nothing of
 * the server's classes. Stateless.
 */
final class RequestBodies {
    private static final int MAX_ECHO = 64;
    private static final byte[] EMPTY = new byte[0];

    private RequestBodies() {
    }

    /** The body parsed as {@code type}; an empty body is a 400. */
    static <T> T required(Context ctx, Class<T> type) {
        T value = optional(ctx, type);
        if (value == null) {
            throw new BadRequestException("request body must be a JSON object");
        }
        return value;
    }

    /** The body parsed as {@code type}, or null when the body is empty. */
    static <T> T optional(Context ctx, Class<T> type) {
        byte[] body = read(ctx);
        if (body.length == 0) {
            return null;
        }
        T value = parse(body, type);
        if (value == null) { // the body was JSON null, which is not an absent body
            throw new BadRequestException("request body must be a JSON object");
        }
        refuseUnsupported(value);
        return value;
    }

    /** DSM fields replikey parses but does not implement are refused by name, for every body alike. */
    private static void refuseUnsupported(Object value) {
        if (value instanceof PartlySupported partly && !partly.unsupportedFields().isEmpty()) {
            throw new BadRequestException("not supported by replikey: " + String.join(", ", partly.unsupportedFields()));
        }
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            // Decoded here, strictly, so Jackson cannot auto-detect UTF-16/32: RFC 8259 JSON is UTF-8.
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return Json.strict().readValue(text, type);
        } catch (CharacterCodingException e) {
            throw new BadRequestException("request body is not valid UTF-8");
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException("unknown field '" + path(e) + "'");
        } catch (InvalidFormatException e) {
            throw new BadRequestException("field '" + path(e) + "' has an invalid value");
        } catch (MismatchedInputException e) {
            throw new BadRequestException(e.getPath().isEmpty() ? "request body must be a JSON object"
                    : "field '" + path(e) + "' has the wrong type");
        } catch (JsonMappingException e) {
            throw new BadRequestException("invalid request body" + where(e));
        } catch (IOException e) {
            // JsonProcessingException, or CharConversionException for bytes that look like UTF-32
            // but are not: the body is already in memory, so every IOException here is bad input.
            throw new BadRequestException("malformed JSON");
        }
    }

    private static byte[] read(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > ServerConfig.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (length <= 0 && ctx.req().getHeader("Transfer-Encoding") == null
                && ctx.req().getProtocol().startsWith("HTTP/1.")) {
            // No Content-Length (or 0) and no Transfer-Encoding: HTTP/1.x says there is no body
            // (RFC 9112 §6.3; HTTP/2 would not). Skips the stream's buffer, a visible share of self_sign.
            return EMPTY;
        }
        try {
            // Never blocks: CompleteBodyHandler has the whole body in memory before any handler runs.
            InputStream in = ctx.req().getInputStream();
            byte[] body = in.readNBytes(ServerConfig.MAX_BODY_BYTES + 1);
            if (body.length > ServerConfig.MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new BadRequestException("request body could not be read");
        }
    }

    private static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("request body exceeds " + ServerConfig.MAX_BODY_BYTES + " bytes");
    }

    private static String where(JsonMappingException e) {
        String path = path(e);
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    /** The JSON path of the problem, made printable and cut to {@value #MAX_ECHO} characters: it echoes client input. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String printable = path.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= MAX_ECHO ? printable : printable.substring(0, MAX_ECHO) + "…";
    }
}
