package io.replikey.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.replikey.server.identity.Principal;

/**
 * The vocabulary of {@link Routes}: a route is open (no authentication) or names the principals
 * it admits, and then its handler runs only after the request is authenticated and receives the
 * principal. Authentication is part of the route itself, not a path filter, so a request with a
 * method the path does not serve still gets 405, not 401. Not thread-safe; used once at start-up.
 */
final class RouteTable {
    /** A handler of an authenticated route. */
    @FunctionalInterface
    interface AuthenticatedHandler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    private final RoutesConfig routes;
    private final RequestAuthenticator authenticator;

    RouteTable(RoutesConfig routes, RequestAuthenticator authenticator) {
        this.routes = routes;
        this.authenticator = authenticator;
    }

    void get(String path, Handler open) {
        routes.get(path, open);
    }

    void post(String path, Handler open) {
        routes.post(path, open);
    }

    void get(String path, Accepts accepts, AuthenticatedHandler handler) {
        routes.get(path, authenticated(accepts, handler));
    }

    void post(String path, Accepts accepts, AuthenticatedHandler handler) {
        routes.post(path, authenticated(accepts, handler));
    }

    void put(String path, Accepts accepts, AuthenticatedHandler handler) {
        routes.put(path, authenticated(accepts, handler));
    }

    void patch(String path, Accepts accepts, AuthenticatedHandler handler) {
        routes.patch(path, authenticated(accepts, handler));
    }

    void delete(String path, Accepts accepts, AuthenticatedHandler handler) {
        routes.delete(path, authenticated(accepts, handler));
    }

    private Handler authenticated(Accepts accepts, AuthenticatedHandler handler) {
        return ctx -> handler.handle(ctx, authenticator.authenticate(ctx, accepts));
    }
}
