package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.server.store.SessionKind;
import io.replikey.server.store.SessionRecord;
import io.replikey.server.store.Store;
import io.replikey.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route table's principal kinds over HTTPS: an app's session is recognised as an app's and
 * refused, with 403, by the routes that admit users only; authentication never comes before
 * routing, so a method a path does not serve is 405 with or without credentials.
 */
class PrincipalKindsTest {
    @TempDir
    Path dataDir;

    @Test
    void anAppSessionIsRefusedByUserOnlyRoutes() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            TestServer.User owner = server.newUser();
            UUID acctId = server.newReplicationAccount(owner.token());
            String appToken = appSessionIn(acctId);

            for (String[] call : new String[][] {{"GET", "/sys/v1/accounts"}, {"GET", "/sys/v1/accounts/" + acctId},
                    {"GET", "/sys/v1/accounts/" + acctId + "/replication/credentials"}}) {
                DsmClient.Exchange answer = server.client().send(call[0], call[1], DsmClient.bearer(appToken), null);
                assertThat(answer.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
                assertThat(answer.contentType()).startsWith("text/plain");
                assertThat(answer.body()).isEqualTo("apps cannot call this endpoint");
            }
            assertThat(server.client().send("GET", "/sys/v1/accounts/" + acctId, DsmClient.bearer(owner.token()),
                    null).status()).isEqualTo(200);
        }
    }

    @Test
    void aMethodThePathDoesNotServeIs405WhateverTheCredentials() {
        try (TestServer server = TestServer.start(dataDir)) {
            String token = server.newUser().token();
            for (String authorization : new String[] {null, DsmClient.bearer(token), DsmClient.bearer("forged")}) {
                assertThat(server.client().send("PUT", "/sys/v1/accounts", authorization, null).status())
                        .as("PUT with %s", authorization).isEqualTo(405);
            }
        }
    }

    /** Opens an app session the way app authentication will: a sessions row of kind app, in its account. */
    private String appSessionIn(UUID acctId) throws Exception {
        String token = "app-session-" + UUID.randomUUID();
        String tokenHash = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        long now = Instant.now().getEpochSecond();
        try (Store node = Store.open("jdbc:sqlite:" + dataDir.resolve("replikey.db"), null, null)) {
            node.transaction(tx -> {
                tx.sessions().insert(new SessionRecord(tokenHash, SessionKind.APP, UUID.randomUUID(), acctId, now, now));
                return null;
            });
        }
        return token;
    }
}
