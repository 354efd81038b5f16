package io.replikey.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedPostgresServer} for a test class: started before its first test, stopped
 * after its last. Register it on a static field with {@code @RegisterExtension}.
 */
public final class EmbeddedPostgresPerClass implements BeforeAllCallback, AfterAllCallback {
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

    /** A new empty database on the class's server. */
    public String newDatabase() {
        return server.newDatabase();
    }
}
