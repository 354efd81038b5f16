package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.wire.VersionResponse;

/** Health and version. Stateless. */
final class SystemHandler {
    /** The DSM API version whose contract replikey follows (reference OpenAPI text). */
    static final String API_VERSION = "0.1.0-20260526";
    private final VersionResponse version;

    SystemHandler(String serverVersion) {
        this.version = new VersionResponse(serverVersion, API_VERSION, "Software");
    }

    void health(Context ctx) {
        Responses.noContent(ctx);
    }

    void version(Context ctx) {
        Responses.json(ctx, version);
    }
}
