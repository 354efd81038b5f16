package io.replikey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.replikey.server.config.ServerConfig;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.PayloadTooLargeException;
import io.replikey.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * Reads request bodies: at most {@link ServerConfig#MAX_BODY_BYTES}, parsed strictly into a wire
 * record. Every parse failure becomes a 400 whose message names the field but reveals nothing of
 * the server's classes. Stateless.
 */
final class RequestBodies {
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
        try {
            return Json.strict().readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException("unknown field '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            throw new BadRequestException(e.getPath().isEmpty() ? "request body must be a JSON object"
                    : "field '" + path(e) + "' has the wrong type");
        } catch (JsonMappingException e) {
            throw new BadRequestException("invalid request body" + where(e));
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Context ctx) {
        if (ctx.req().getContentLengthLong() > ServerConfig.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
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

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
