package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.error.BadRequestException;
import java.util.List;

/**
 * Strict reading of query parameters: each at most once, integers in decimal digits only.
 * Messages name the parameter, never echo its value. Stateless.
 */
final class QueryParams {
    private static final int MAX_DIGITS = 9;

    private QueryParams() {
    }

    /** The parameter's value, or null when absent; given twice is a 400. */
    static String text(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw new BadRequestException("query parameter " + name + " is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A non-negative decimal integer, or null when absent. */
    static Integer integer(Context ctx, String name) {
        String value = text(ctx, name);
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException("query parameter " + name + " must be a non-negative integer");
        }
        return Integer.parseInt(value);
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    static boolean bool(Context ctx, String name, boolean fallback) {
        String value = text(ctx, name);
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException("query parameter " + name + " must be true or false");
        };
    }
}
