package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.server.store.Store;
import io.replikey.testing.EmbeddedPostgresPerClass;
import io.replikey.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes' worth of nodes (two servers in this JVM) on one PostgreSQL: a session
 * ended on one node stops working on the other within {@link Store#READ_FRESHNESS}, and at once
 * on the node that ended it, although both nodes cache sessions.
 */
class SessionAcrossNodesTest {
    @RegisterExtension
    static final EmbeddedPostgresPerClass POSTGRES = new EmbeddedPostgresPerClass();

    private TestServer first;
    private TestServer second;

    @BeforeEach
    void startTwoNodes(@TempDir Path dir) {
        String database = POSTGRES.newDatabase();
        first = TestServer.start(dir.resolve("first"), Map.of("database", database));
        second = TestServer.start(dir.resolve("second"), Map.of("database", database,
                "master-key-file", dir.resolve("first").resolve("master.key").toString()));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void aTerminatedSessionIsRefusedAtOnceWhereItEndedAndWithinTheBoundElsewhere() throws InterruptedException {
        TestServer.User user = first.newUser();
        String auth = DsmClient.bearer(user.token());
        assertThat(status(second, auth)).isEqualTo(200); // the second node now holds the session in its cache
        assertThat(status(first, auth)).isEqualTo(200);

        assertThat(first.client().send("POST", "/sys/v1/session/terminate", auth, null).status()).isEqualTo(204);

        assertThat(status(first, auth)).isEqualTo(401);
        Thread.sleep(Store.READ_FRESHNESS.toMillis() + 50);
        assertThat(status(second, auth)).isEqualTo(401);
    }

    @Test
    void aSessionOpenedOnOneNodeWorksOnTheOtherAtOnce() {
        TestServer.User user = first.newUser();

        assertThat(status(second, DsmClient.bearer(user.token()))).isEqualTo(200);
    }

    private static int status(TestServer node, String authorization) {
        return node.client().send("GET", "/sys/v1/accounts", authorization, null).status();
    }
}
