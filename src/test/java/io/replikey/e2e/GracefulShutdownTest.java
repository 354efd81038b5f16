package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets requests in flight finish with a whole answer. */
class GracefulShutdownTest {
    @TempDir
    Path dataDir;

    @Test
    void requestsInFlightFinishWhenTheServerStops() throws Exception {
        TestServer server = TestServer.start(dataDir);
        TestServer.User admin = server.newUser();
        UUID acctId = server.newReplicationAccount(admin.token());
        String path = "/sys/v1/accounts/" + acctId + "/replication/credentials";
        // RSA-4096 generation takes hundreds of milliseconds, so these are still running at close().
        byte[] slow = "{\"$type\":\"Certificate\",\"key_type\":\"rsa-4096\"}".getBytes();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<DsmClient.Exchange>> inFlight = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                inFlight.add(pool.submit(() -> server.client().send("POST", path, DsmClient.bearer(admin.token()), slow)));
            }
            Thread.sleep(150);
            server.close();
            for (Future<DsmClient.Exchange> exchange : inFlight) {
                assertThat(exchange.get().status()).isEqualTo(200);
                assertThat(exchange.get().body()).contains("\"key_type\":\"rsa-4096\"");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
