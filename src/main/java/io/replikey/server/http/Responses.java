package io.replikey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.replikey.wire.Json;

/** Writes JSON and empty responses. Stateless. */
final class Responses {
    private Responses() {
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.status(200).contentType("application/json").result(Json.strict().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response does not serialise", e);
        }
    }

    static void noContent(Context ctx) {
        ctx.status(204);
    }
}
