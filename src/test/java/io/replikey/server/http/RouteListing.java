package io.replikey.server.http;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route {@link Routes} registers, as {@code "METHOD /path/{param}"}, read back from a Javalin
 * instance the route table was registered on (never started, so nothing listens and no handler
 * runs). Lets tests outside this package check that they cover the whole table without the
 * table exposing anything for them.
 */
public final class RouteListing {
    private static final Set<HandlerType> VERBS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private RouteListing() {
    }

    public static Set<String> all() {
        // Handlers are only referenced here, never called, so they need no services.
        Javalin app = Javalin.create(config -> Routes.register(new RouteTable(config.routes, null),
                new SystemHandler("listing"), new UserHandler(null), new SessionHandler(null, null),
                new AccountHandler(null), new ReplicationHandler(null), new AppHandler(null), new GroupHandler(null),
                new KeyHandler(null), new CryptoHandler(null), new ScanHandler(null)));
        Set<String> routes = new TreeSet<>();
        app.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> VERBS.contains(endpoint.method))
                .forEach(endpoint -> routes.add(endpoint.method.name() + " " + endpoint.path));
        return routes;
    }
}
