package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a scan names its source account: the URL's origin and the acct_id its listings carry. */
class SourceAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ACCOUNT = UUID.fromString("5e4f1c2a-0000-4000-8000-00000000acc7");
    private static final UUID OTHER = UUID.fromString("5e4f1c2a-0000-4000-8000-0000000000bb");

    @Test
    void theOriginIsSchemeHostAndPortInLowerCaseWithTheDefaultPortSpelledOut() {
        assertThat(SourceAccount.origin(URI.create("HTTPS://DSM.Example.COM/some/path?x=1")))
                .isEqualTo("https://dsm.example.com:443");
        assertThat(SourceAccount.origin(URI.create("https://dsm.example.com:443")))
                .isEqualTo("https://dsm.example.com:443");
        assertThat(SourceAccount.origin(URI.create("https://127.0.0.1:8443/"))).isEqualTo("https://127.0.0.1:8443");
        assertThat(SourceAccount.origin(URI.create("https://[::1]:8443"))).isEqualTo("https://[::1]:8443");
    }

    @Test
    void theFirstListedItemNamesTheAccountAndOnlyTheFirstPageSaysSo() {
        SourceAccount account = new SourceAccount(URI.create("https://dsm.example.com"));

        assertThat(account.admit(List.of(), SourceObject::acctId, SourceObject::kid, "security object")).isFalse();
        assertThat(account.acctId()).isNull();
        assertThat(account.admit(List.of(object(ACCOUNT), object(ACCOUNT)), SourceObject::acctId, SourceObject::kid,
                "security object")).isTrue();
        assertThat(account.admit(List.of(object(ACCOUNT)), SourceObject::acctId, SourceObject::kid,
                "security object")).isFalse();

        assertThat(account.acctId()).isEqualTo(ACCOUNT);
        assertThat(account.origin()).isEqualTo("https://dsm.example.com:443");
    }

    @Test
    void anItemOfAnotherAccountOrOfNoneIsAMalformedSource() {
        SourceAccount account = new SourceAccount(URI.create("https://dsm.example.com"));
        SourceObject foreign = object(OTHER);
        SourceObject anonymous = object(null);

        SourceException mixed = catchThrowableOfType(SourceException.class, () -> account.admit(
                List.of(object(ACCOUNT), foreign), SourceObject::acctId, SourceObject::kid, "security object"));
        SourceException missing = catchThrowableOfType(SourceException.class, () -> account.admit(
                List.of(anonymous), SourceObject::acctId, SourceObject::kid, "security object"));

        assertThat(mixed.kind()).isEqualTo(SourceException.Kind.MALFORMED_RESPONSE);
        assertThat(mixed.getMessage()).isEqualTo("the source lists security object " + foreign.kid() + " of account "
                + OTHER + " among those of account " + ACCOUNT);
        assertThat(missing.getMessage()).isEqualTo("the source lists security object " + anonymous.kid()
                + " without an acct_id");
    }

    private static SourceObject object(UUID acctId) {
        var node = JSON.createObjectNode().put("kid", UUID.randomUUID().toString()).put("obj_type", "AES");
        if (acctId != null) {
            node.put("acct_id", acctId.toString());
        }
        return SourceObject.from(node);
    }
}
