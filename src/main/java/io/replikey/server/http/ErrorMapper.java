package io.replikey.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.replikey.server.error.ReplikeyException;
import io.replikey.server.error.ThrottledException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become responses: status code plus a short text/plain body, as DSM
 * clients expect (Jetty's own errors too, see {@link #jettyErrors}). Unexpected exceptions are
 * logged with an incident id and answered with a 500 that carries only that id — never a stack
 * trace or internal detail.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private ErrorMapper() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(ReplikeyException.class, (e, ctx) -> {
            if (e instanceof ThrottledException throttled) {
                ctx.header("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            }
            text(ctx, e.status(), e.getMessage());
        });
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
        ctx.status(status).contentType(TEXT_PLAIN).result(message);
    }

    /**
     * Answers from outside the application (Jetty's errors, {@link CompleteBodyHandler}) in the same
     * form, and closes the connection afterwards: after such an error the state of the request
     * stream is unknown, so the connection is not reused.
     */
    static void writePlain(Response response, int status, String message, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT_PLAIN);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * Answers the errors Jetty reports itself, before any route runs (a malformed URI or request
     * line, headers too large...), in the same short text/plain form instead of Jetty's HTML page.
     * Jetty closes the connection after such a request, so the answer says so; otherwise a client
     * reuses the connection and its next request fails without an answer.
     */
    static ErrorHandler jettyErrors() {
        return new ErrorHandler() {
            @Override
            public boolean errorPageForMethod(String method) {
                // Jetty writes a body only for GET, POST and HEAD; every error gets its text here.
                return true;
            }

            @Override
            protected void generateResponse(Request request, Response response, int code, String message,
                    Throwable cause, Callback callback) {
                writePlain(response, code, framework(code), callback);
            }
        };
    }

    private static String framework(HttpResponseException e) {
        return framework(e.getStatus());
    }

    private static String framework(int status) {
        return switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 431 -> "request headers too large";
            default -> status < 500 ? "bad request" : "internal error";
        };
    }
}
