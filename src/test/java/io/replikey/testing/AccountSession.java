package io.replikey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replikey.client.DsmClient;
import io.replikey.wire.Json;
import io.replikey.wire.AccountRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * A user's session with one of its accounts selected, over the test server's real HTTPS: the
 * caller the group, key and crypto endpoints act for. {@link #call} asserts the status and
 * parses the JSON answer.
 */
public final class AccountSession {
    private final DsmClient client;
    private final String bearer;
    private final UUID acctId;

    private AccountSession(DsmClient client, String bearer, UUID acctId) {
        this.client = client;
        this.bearer = bearer;
        this.acctId = acctId;
    }

    /** A new user administering a new Standard account, selected in its session. */
    public static AccountSession newStandardAccount(TestServer server) {
        TestServer.User user = server.newUser();
        UUID acctId = server.client().createAccount(user.token(),
                new AccountRequest("account-" + UUID.randomUUID(), null, null, null)).acctId();
        return select(server, user.token(), acctId);
    }

    /** A new user administering a new replication account, selected in its session. */
    public static AccountSession newReplicationAccount(TestServer server) {
        TestServer.User user = server.newUser();
        return select(server, user.token(), server.newReplicationAccount(user.token()));
    }

    public static AccountSession select(TestServer server, String token, UUID acctId) {
        AccountSession session = new AccountSession(server.client(), DsmClient.bearer(token), acctId);
        session.call("POST", "/sys/v1/session/select_account", Map.of("acct_id", acctId.toString()), 200);
        return session;
    }

    public UUID acctId() {
        return acctId;
    }

    public String bearer() {
        return bearer;
    }

    /** Sends {@code body} (JSON-encoded; a String is sent as is) and returns the raw exchange. */
    public DsmClient.Exchange send(String method, String path, Object body) {
        byte[] bytes = body == null ? null
                : body instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : DsmClient.encode(body);
        return client.send(method, path, bearer, bytes);
    }

    /** Sends and asserts {@code status}; returns the parsed body (null when empty). */
    public JsonNode call(String method, String path, Object body, int status) {
        DsmClient.Exchange exchange = send(method, path, body);
        assertThat(exchange.status()).as("%s %s answered %s", method, path, exchange.body()).isEqualTo(status);
        return parse(exchange.body());
    }

    /** Sends and asserts {@code status} with a text/plain reason containing {@code reason}. */
    public void refused(String method, String path, Object body, int status, String reason) {
        DsmClient.Exchange exchange = send(method, path, body);
        assertThat(exchange.status()).as("%s %s answered %s", method, path, exchange.body()).isEqualTo(status);
        assertThat(exchange.contentType()).startsWith("text/plain");
        assertThat(exchange.body()).contains(reason);
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            return Json.lenient().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
