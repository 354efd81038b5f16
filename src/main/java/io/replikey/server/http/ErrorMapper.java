package io.replikey.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.replikey.server.error.ReplikeyException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become responses: status code plus a short text/plain body, as DSM
 * clients expect. Unexpected exceptions are logged with an incident id and answered with a 500
 * that carries only that id — never a stack trace or internal detail.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(ReplikeyException.class, (e, ctx) -> text(ctx, e.status(), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> text(ctx, e.getStatus(), framework(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
            text(ctx, 500, "internal error (incident " + incident + ")");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                text(ctx, 404, "no such endpoint");
            }
        });
    }

    static void text(Context ctx, int status, String message) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(message);
    }

    private static String framework(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            default -> e.getStatus() < 500 ? "bad request" : "internal error";
        };
    }
}
