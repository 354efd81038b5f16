package io.replikey.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.replikey.server.crypto.CredentialKeyType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The source connector against a stand-in DSM source over real mutual TLS. */
class SourceConnectorTest {
    private static final TestPki.Identity CA = TestPki.ca("stand-in CA");
    private static final TestPki.Identity SERVER = TestPki.server(CA, "localhost", "127.0.0.1");
    private static final SourceConnector.Settings SMALL_PAGES =
            new SourceConnector.Settings(100, Duration.ofSeconds(5), Duration.ofSeconds(30), 1024 * 1024);

    private final UUID appId = UUID.randomUUID();
    private final TestPki.Identity credential = TestPki.credential(CredentialKeyType.EC_P256);
    private final List<StandInSource> sources = new ArrayList<>();

    @AfterEach
    void stopSources() {
        sources.forEach(StandInSource::close);
    }

    private StandInSource source(int groups, int objects) throws Exception {
        StandInSource source = new StandInSource(SERVER, groups, objects);
        sources.add(source);
        source.registerApp(appId, credential.certificate());
        return source;
    }

    private SourceConnector connector(URI url, TestPki.Identity presented, SourceConnector.Settings settings) {
        return new SourceConnector(url, TestPki.clientContext(presented, CA.certificate()), settings);
    }

    private SourceConnector authenticated(StandInSource source) {
        SourceConnector connector = connector(source.url(), credential, SMALL_PAGES);
        connector.authenticate(appId);
        return connector;
    }

    @ParameterizedTest
    @EnumSource(value = CredentialKeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
    void authenticatesAsTheAppWithEachCredentialKeyType(CredentialKeyType type) throws Exception {
        TestPki.Identity typed = TestPki.credential(type);
        StandInSource source = source(1, 1);
        source.registerApp(appId, typed.certificate());

        SourceConnector.SourceSession session = connector(source.url(), typed, SMALL_PAGES).authenticate(appId);

        assertThat(session.entityId()).isEqualTo(appId);
        assertThat(session.expiresInSeconds()).isEqualTo(600);
    }

    @Test
    void sendsTheCredentialWhenTheSourceNamesOtherCertificateAuthorities() throws Exception {
        TestPki.Identity unrelated = TestPki.ca("some enterprise CA");
        StandInSource source = new StandInSource(SERVER, 1, 1, unrelated.certificate());
        sources.add(source);
        source.registerApp(appId, credential.certificate());

        assertThat(connector(source.url(), credential, SMALL_PAGES).authenticate(appId).entityId()).isEqualTo(appId);
    }

    @Test
    void aCertificateTheAppDoesNotHaveIsRefused() throws Exception {
        StandInSource source = source(1, 1);
        TestPki.Identity other = TestPki.credential(CredentialKeyType.EC_P256);

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(source.url(), other, SMALL_PAGES).authenticate(appId));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("/sys/v1/session/auth").contains("does not match");
    }

    @Test
    void anUnknownAppIsRefused() throws Exception {
        StandInSource source = source(1, 1);

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(source.url(), credential, SMALL_PAGES).authenticate(UUID.randomUUID()));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
        assertThat(e.getMessage()).contains("Invalid app credentials");
    }

    @Test
    void aSourceCertificateFromAnUntrustedIssuerIsRefused() throws Exception {
        StandInSource source = source(1, 1);
        TestPki.Identity otherCa = TestPki.ca("another CA");
        SourceConnector connector = new SourceConnector(source.url(),
                TestPki.clientContext(credential, otherCa.certificate()), SMALL_PAGES);

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.authenticate(appId));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.TLS_TRUST);
        assertThat(e.getMessage()).contains("not trusted").contains("stand-in CA");
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void aSourceCertificateForAnotherHostIsRefused() throws Exception {
        StandInSource source = new StandInSource(TestPki.server(CA, "source.example.com"), 1, 1);
        sources.add(source);
        source.registerApp(appId, credential.certificate());

        SourceException e = catchThrowableOfType(SourceException.class,
                () -> connector(source.url(), credential, SMALL_PAGES).authenticate(appId));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.TLS_TRUST);
        assertThat(e.getMessage()).contains("is not valid for host 127.0.0.1")
                .contains("No subject alternative names matching IP address 127.0.0.1");
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void aHostNameTheCertificateNamesIsAccepted() throws Exception {
        StandInSource source = source(1, 1);
        URI byName = URI.create("https://localhost:" + source.url().getPort());

        assertThat(connector(byName, credential, SMALL_PAGES).authenticate(appId).entityId()).isEqualTo(appId);
    }

    @Test
    void aClosedPortIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SourceConnector connector = connector(URI.create("https://127.0.0.1:" + port), credential, SMALL_PAGES);

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.authenticate(appId));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.NETWORK);
        assertThat(e.getMessage()).isEqualTo("cannot reach https://127.0.0.1:" + port + ": connection refused");
        assertThat(e.transientFailure()).isTrue();
    }

    @Test
    void aSourceClosingTheConnectionInTheHandshakeIsANetworkFailure() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> { // reads the ClientHello, then hangs up without an alert
                try (java.net.Socket accepted = socket.accept()) {
                    accepted.getInputStream().read(new byte[512]);
                } catch (java.io.IOException ignored) {
                    // the test fails on the connector's answer, not here
                }
            });
            closer.start();
            String origin = "https://127.0.0.1:" + socket.getLocalPort();
            SourceConnector connector = connector(URI.create(origin), credential, SMALL_PAGES);

            SourceException e = catchThrowableOfType(SourceException.class, () -> connector.authenticate(appId));

            assertThat(e.kind()).isEqualTo(SourceException.Kind.NETWORK);
            assertThat(e.getMessage()).isEqualTo("cannot reach " + origin + ": the connection closed during the TLS"
                    + " handshake");
            closer.join();
        }
    }

    @Test
    void aSourceThatDoesNotSpeakTlsIsAHandshakeFailure() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread plain = new Thread(() -> { // answers in plain HTTP
                try (java.net.Socket accepted = socket.accept()) {
                    accepted.getInputStream().read(new byte[512]);
                    accepted.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    accepted.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (java.io.IOException | InterruptedException ignored) {
                    // the test fails on the connector's answer, not here
                }
            });
            plain.start();
            SourceConnector connector = connector(URI.create("https://127.0.0.1:" + socket.getLocalPort()),
                    credential, SMALL_PAGES);

            SourceException e = catchThrowableOfType(SourceException.class, () -> connector.authenticate(appId));

            assertThat(e.kind()).isEqualTo(SourceException.Kind.TLS_HANDSHAKE);
            plain.join();
        }
    }

    @Test
    void objectsArePagedByOffsetOnePageAtATimeEachExactlyOnce() throws Exception {
        StandInSource source = source(3, 2_600);
        source.failOnce("keys offset 1000");
        SourceConnector connector = authenticated(source);

        Set<UUID> seen = new HashSet<>();
        int pages = drainRetryingFailedPages(connector.objectPages(), source, "/crypto/v1/keys",
                object -> assertThat(seen.add(object.kid())).as("seen once: %s", object.kid()).isTrue());

        assertThat(pages).isEqualTo(26);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(source.kids());
        List<StandInSource.Request> lists = listRequests(source, "/crypto/v1/keys");
        assertThat(lists).extracting(r -> r.query().get("offset")).containsExactlyElementsOf(offsets(0, 26, 100, 1000));
        assertThat(lists).allSatisfy(r -> assertThat(r.query()).containsEntry("limit", "100")
                .containsEntry("sort", "kid:asc").containsEntry("with_metadata", "true"));
        assertThat(source.maxInFlight()).isEqualTo(1);
        assertDocumentedRequestsOnly(source);
    }

    @Test
    void groupsFollowContinuationTokensOnePageAtATimeEachExactlyOnce() throws Exception {
        StandInSource source = source(2_550, 1);
        source.failOnce("groups token " + Base64.getUrlEncoder().encodeToString(
                "after/500".getBytes(StandardCharsets.UTF_8)));
        SourceConnector connector = authenticated(source);

        Set<UUID> seen = new HashSet<>();
        int pages = drainRetryingFailedPages(connector.groupPages(), source, "/sys/v1/groups",
                group -> assertThat(seen.add(group.groupId())).as("seen once: %s", group.groupId()).isTrue());

        assertThat(pages).isEqualTo(26);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(source.groupIds());
        List<StandInSource.Request> lists = listRequests(source, "/sys/v1/groups");
        assertThat(lists.get(0).query()).isEqualTo(Map.of("limit", "100", "continuation_token", ""));
        assertThat(lists).allSatisfy(r -> assertThat(r.query()).containsOnlyKeys("limit", "continuation_token"));
        assertThat(source.maxInFlight()).isEqualTo(1);
        assertDocumentedRequestsOnly(source);
    }

    /**
     * Reads every page, calling {@code hasNext()} again after the one 503 the test arranged, and
     * checks that the source has served exactly one request per page handed out (plus the
     * failure): pages are fetched one at a time, never ahead. Returns the number of pages.
     */
    private static <T> int drainRetryingFailedPages(Iterator<List<T>> pages, StandInSource source, String path,
            Consumer<T> each) {
        int read = 0;
        int failures = 0;
        while (true) {
            try {
                if (!pages.hasNext()) {
                    break;
                }
            } catch (SourceException e) {
                assertThat(e.kind()).isEqualTo(SourceException.Kind.HTTP);
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.transientFailure()).isTrue();
                failures++;
                continue;
            }
            List<T> page = pages.next();
            read++;
            assertThat(listRequests(source, path)).hasSize(read + failures);
            assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            page.forEach(each);
        }
        assertThat(failures).isEqualTo(1);
        return read;
    }

    @Test
    void groupsOfASourceAnsweringBareArraysArePagedByOffset() throws Exception {
        StandInSource source = source(250, 1);
        source.groupPaging(StandInSource.GroupPaging.BARE_ARRAYS);
        source.maxPage(40); // answers fewer than asked: a short page is not the end

        List<UUID> seen = collectGroups(authenticated(source));

        assertThat(seen).containsExactlyElementsOf(source.groupIds());
        assertThat(listRequests(source, "/sys/v1/groups")).extracting(r -> r.query().get("offset"))
                .containsExactly(null, "40", "80", "120", "160", "200", "240", "250");
        assertDocumentedRequestsOnly(source);
    }

    @Test
    void groupsOfASourceThatIgnoresPagingAreReadOnce() throws Exception {
        StandInSource source = source(30, 1);
        source.groupPaging(StandInSource.GroupPaging.EVERYTHING);

        assertThat(collectGroups(authenticated(source))).containsExactlyElementsOf(source.groupIds());
        assertThat(listRequests(source, "/sys/v1/groups")).hasSize(2);
    }

    @Test
    void aSourceThatIgnoresTheOffsetOfFullPagesCannotBePaged() throws Exception {
        StandInSource source = source(300, 1);
        source.groupPaging(StandInSource.GroupPaging.EVERYTHING);
        source.maxPage(100);

        assertThatThrownBy(() -> collectGroups(authenticated(source))).isInstanceOf(SourceException.class)
                .hasMessageContaining("ignores the offset")
                .extracting(e -> ((SourceException) e).kind()).isEqualTo(SourceException.Kind.MALFORMED_RESPONSE);
    }

    @Test
    void objectsOfASourceAnsweringBareArraysEndAtAnEmptyPage() throws Exception {
        StandInSource source = source(1, 230);
        source.keysWithMetadata(false);
        source.maxPage(50);
        SourceConnector connector = authenticated(source);

        List<UUID> seen = new ArrayList<>();
        connector.objectPages().forEachRemaining(page -> page.forEach(object -> seen.add(object.kid())));

        assertThat(seen).containsExactlyElementsOf(source.kids());
        assertThat(listRequests(source, "/crypto/v1/keys")).extracting(r -> r.query().get("offset"))
                .containsExactly("0", "50", "100", "150", "200", "230");
    }

    @Test
    void objectsKeepDsmFieldsAndTypesReplikeyDoesNotKnow() throws Exception {
        StandInSource source = source(2, 5);
        List<SourceObject> objects = authenticated(source).objectPages().next();

        assertThat(objects).extracting(SourceObject::objType).containsExactlyInAnyOrder("AES", "AES", "DES3", "EC",
                "LEDABETA");
        SourceObject xts = objects.stream().filter(o -> Integer.valueOf(512).equals(o.keySize())).findFirst()
                .orElseThrow();
        assertThat(xts.raw().path("aes").path("cipher_mode").asText()).isEqualTo("XTS");
        assertThat(xts.raw().path("compliant_with_policies").asBoolean()).isTrue();
        assertThat(xts.raw().has("rotation_policy")).isTrue();
        assertThat(xts.keyOps()).containsExactly("ENCRYPT", "DECRYPT", "APPMANAGEABLE", "EXPORT", "HIGHVOLUME");
        assertThat(xts.exportable()).isTrue();
        assertThat(xts.customMetadata()).containsKey("owner");
        assertThat(xts.state()).isEqualTo("Active");
        assertThat(xts.kcv()).matches("[0-9a-f]{6}");
        assertThat(xts.createdAt()).hasToString("2026-01-26T10:15:00Z");
        assertThat(source.groupIds()).contains(xts.groupId());
        SourceObject ec = objects.stream().filter(o -> o.objType().equals("EC")).findFirst().orElseThrow();
        assertThat(ec.ellipticCurve()).isEqualTo("NistP256");
        assertThat(ec.pubKey()).isNotEmpty();
        SourceGroup group = authenticated(source).groupPages().next().get(0);
        assertThat(group.name()).startsWith("group ");
        assertThat(group.raw().path("acct_id").asText()).isEqualTo(StandInSource.ACCOUNT.toString());
    }

    @Test
    void exportGivesTheMaterialAndRefusalsAreOutcomes() throws Exception {
        StandInSource source = source(1, 4);
        List<UUID> kids = source.kids();
        source.refuseExport(kids.get(1), 403);
        source.refuseExport(kids.get(2), 400);
        SourceConnector connector = authenticated(source);

        ExportOutcome exported = connector.export(kids.get(0));
        assertThat(exported).isInstanceOfSatisfying(ExportOutcome.Exported.class, e -> {
            assertThat(e.value()).isEqualTo(StandInSource.material(kids.get(0)));
            assertThat(e.object().kid()).isEqualTo(kids.get(0));
            assertThat(e.object().raw().has("value")).isFalse();
            assertThat(e.toString()).doesNotContain(new String(e.value(), java.nio.charset.StandardCharsets.UTF_8));
        });
        assertThat(connector.export(kids.get(1))).isEqualTo(new ExportOutcome.Refused(kids.get(1), 403,
                "Operation not allowed: the security object is not exportable"));
        assertThat(connector.export(kids.get(2))).isEqualTo(new ExportOutcome.Refused(kids.get(2), 400,
                "Security object does not have EXPORT operation enabled"));
        UUID deleted = UUID.randomUUID();
        assertThat(connector.export(deleted)).isEqualTo(new ExportOutcome.Gone(deleted));
        assertDocumentedRequestsOnly(source);
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheCallRepeated() throws Exception {
        StandInSource source = source(1, 3);
        SourceConnector connector = authenticated(source);
        source.expireSessions();

        assertThat(connector.objectPages().next()).hasSize(3);
        assertThat(source.authentications()).isEqualTo(2);
    }

    @Test
    void aRemovedAppFailsTheRenewalWithATypedError() throws Exception {
        StandInSource source = source(1, 3);
        SourceConnector connector = authenticated(source);
        source.expireSessions();
        source.registerApp(appId, TestPki.credential(CredentialKeyType.EC_P256).certificate());

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.objectPages().hasNext());

        assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
    }

    @Test
    void httpErrorMessagesAreOneShortLineWithoutTheToken() throws Exception {
        StandInSource source = source(1, 1);
        SourceConnector connector = authenticated(source);
        source.answerErrors("internal\r\nerror\u0000 for {authorization} " + "x".repeat(1000));

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.export(source.kids().get(0)));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.HTTP);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).startsWith("/crypto/v1/keys/export answered 500: internal error for Bearer [redacted] x")
                .doesNotContain("\r", "\n", "\u0000").endsWith("…");
        assertThat(e.getMessage().length()).isLessThan(SourceConnector.MESSAGE_LIMIT + 60);
    }

    @Test
    void callsBeforeAuthenticationAreAProgrammingError() throws Exception {
        StandInSource source = source(1, 1);
        SourceConnector connector = connector(source.url(), credential, SMALL_PAGES);

        assertThatThrownBy(() -> connector.export(UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
        assertThat(source.requests()).isEmpty();
    }

    @Test
    void aCertificateRefusedInTheHandshakeIsNamedSo() throws Exception {
        // The JDK's HttpsServer closes without a TLS alert, so a bare TLS server stands in here.
        SSLContext strict = StandInSource.serverContext(SERVER, new X509Certificate[0], chain -> false);
        try (SSLServerSocket listener = (SSLServerSocket) strict.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            Thread server = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    socket.getInputStream().read();
                } catch (IOException expected) {
                    // the refused handshake
                }
            });
            server.start();
            URI url = URI.create("https://127.0.0.1:" + listener.getLocalPort());

            SourceException e = catchThrowableOfType(SourceException.class,
                    () -> connector(url, credential, SMALL_PAGES).authenticate(appId));
            server.join(10_000);

            assertThat(e.kind()).isEqualTo(SourceException.Kind.CLIENT_CERTIFICATE_REFUSED);
            assertThat(e.getMessage()).isEqualTo(
                    url + " refused the client certificate in the TLS handshake (certificate_unknown)");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedAndNotQuoted() throws Exception {
        StandInSource source = source(1, 1);
        SourceConnector connector = authenticated(source);
        source.answerOk("secret-looking-bytes {");

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.export(UUID.randomUUID()));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("the answer to /crypto/v1/keys/export is not JSON");
    }

    @Test
    void aFieldOfTheWrongTypeIsMalformedAndNamedWithoutItsValue() throws Exception {
        StandInSource source = source(1, 1);
        SourceConnector connector = authenticated(source);
        UUID kid = UUID.randomUUID();
        source.answerOk("{\"kid\":\"" + kid + "\",\"obj_type\":\"AES\",\"value\":\"c2VjcmV0!!\"}");

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.export(kid));

        assertThat(e.kind()).isEqualTo(SourceException.Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("exported object field value is not base64");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefused() throws Exception {
        StandInSource source = source(1, 1);
        SourceConnector connector = authenticated(source);
        source.answerOk("[" + "{},".repeat(600_000) + "{}]");

        SourceException e = catchThrowableOfType(SourceException.class, () -> connector.objectPages().hasNext());

        assertThat(e.kind()).isEqualTo(SourceException.Kind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("the answer to /crypto/v1/keys exceeds 1048576 bytes");
    }

    @Test
    void theSourceUrlMustBeHttps() {
        assertThatThrownBy(() -> new SourceConnector(URI.create("http://127.0.0.1:1"),
                TestPki.clientContext(credential, CA.certificate()))).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UUID> collectGroups(SourceConnector connector) {
        List<UUID> seen = new ArrayList<>();
        connector.groupPages().forEachRemaining(page -> page.forEach(group -> seen.add(group.groupId())));
        return seen;
    }

    private static List<StandInSource.Request> listRequests(StandInSource source, String path) {
        return source.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Offsets first..(pages-1)*step, with {@code repeated} asked twice (the failed page and its retry). */
    private static List<String> offsets(int first, int pages, int step, int repeated) {
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            int offset = first + i * step;
            offsets.add(String.valueOf(offset));
            if (offset == repeated) {
                offsets.add(String.valueOf(offset));
            }
        }
        return offsets;
    }

    /** Every request used a path and query parameters DSM documents, with the method DSM defines. */
    private static void assertDocumentedRequestsOnly(StandInSource source) {
        Map<String, Set<String>> documented = new HashMap<>(StandInSource.documentedParameters());
        Map<String, String> methods = Map.of("/sys/v1/groups", "GET", "/crypto/v1/keys", "GET",
                "/sys/v1/session/auth", "POST", "/crypto/v1/keys/export", "POST");
        assertThat(source.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(documented).containsKey(r.path());
            assertThat(r.method()).isEqualTo(methods.get(r.path()));
            assertThat(documented.get(r.path())).containsAll(r.query().keySet());
        });
    }
}
