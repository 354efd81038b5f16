package io.replikey.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedPostgresServer} for a test class, started before its first test and stopped
 * after its last: {@code @RegisterExtension static final EmbeddedPostgresExtension POSTGRES = new
 * EmbeddedPostgresExtension();}. Hands out a fresh empty database per call.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EmbeddedPostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** A new empty database's JDBC URL (user included). */
    public String newDatabase() {
        return server.newDatabase();
    }
}
