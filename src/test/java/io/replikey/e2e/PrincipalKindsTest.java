package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.client.DsmClient;
import io.replikey.testing.TestServer;
import io.replikey.wire.App;
import io.replikey.wire.AppCredentialResponse;
import io.replikey.wire.AuthResponse;
import java.nio.file.Path;
import java.util.Map;
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
            String appToken = appSessionIn(server, owner.token(), acctId);

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

    /** Opens an app session as an app does: an admin app of the account, its API key at session/auth. */
    private static String appSessionIn(TestServer server, String ownerToken, UUID acctId) {
        DsmClient client = server.client();
        String owner = DsmClient.bearer(ownerToken);
        client.call("POST", "/sys/v1/session/select_account", owner, Map.of("acct_id", acctId.toString()), Void.class);
        UUID appId = client.call("POST", "/sys/v1/apps", owner, Map.of("name", "app", "role", "admin"), App.class)
                .appId();
        String secret = client.call("GET", "/sys/v1/apps/" + appId + "/credential", owner, null,
                AppCredentialResponse.class).credential().secret();
        return client.call("POST", "/sys/v1/session/auth", DsmClient.basic(appId.toString(), secret), null,
                AuthResponse.class).accessToken();
    }
}
