package io.replikey.server.http;

import static io.replikey.server.http.HostileInputFixture.CERTIFICATE;
import static io.replikey.server.http.HostileInputFixture.abbreviate;
import static io.replikey.server.http.HostileInputFixture.activeCert;
import static io.replikey.server.http.HostileInputFixture.activeId;
import static io.replikey.server.http.HostileInputFixture.assertStateUnchanged;
import static io.replikey.server.http.HostileInputFixture.assertStatus;
import static io.replikey.server.http.HostileInputFixture.b64;
import static io.replikey.server.http.HostileInputFixture.bearer;
import static io.replikey.server.http.HostileInputFixture.bytes;
import static io.replikey.server.http.HostileInputFixture.concat;
import static io.replikey.server.http.HostileInputFixture.credentialsPath;
import static io.replikey.server.http.HostileInputFixture.obj;
import static io.replikey.server.http.HostileInputFixture.replicaId;
import static io.replikey.server.http.HostileInputFixture.send;
import static io.replikey.server.http.HostileInputFixture.spareCert;
import static io.replikey.server.http.HostileInputFixture.spareId;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * certificate_chain values the server must refuse: bad base64, garbage, and real certificates
 * that are cut, extended, corrupted or another key's. Fixture and checks: {@link
 * HostileInputFixture}.
 */
@AddLifecycleHook(HostileInputFixture.class)
class CertificateChainProperties {

    /**
     * certificate_chain that is bad base64, not a certificate, a truncated or extended real
     * certificate, another key's certificate (whole or corrupted), PEM text, or a list of the wrong
     * length, at both credentials.
     */
    @Property(tries = 150)
    void garbageCertificateChainsAreRefused(@ForAll("garbageChain") ChainAttack attack) {
        // app_id is valid: a refused PATCH must not half-apply.
        ObjectNode body = obj("$type", CERTIFICATE, "app_id", UUID.randomUUID().toString(),
                "certificate_chain", attack.chain());
        String path = credentialsPath(replicaId()) + "/" + attack.target().id();
        assertStatus(send("PATCH", path, bearer(), bytes(body)), 400, attack);
        assertStateUnchanged();
    }

    // ---------------------------------------------------------------- generators: certificates

    /** A credential to PATCH, its own self-signed certificate, and another key's certificate. */
    record Credential(String id, byte[] own, byte[] other) {
        @Override
        public String toString() {
            return id.equals(activeId()) ? "active credential" : "spare credential";
        }
    }

    record ChainAttack(Credential target, String how, List<String> chain) {
        @Override
        public String toString() {
            return how + " at the " + target + ": " + abbreviate(chain.toString());
        }
    }

    @Provide
    Arbitrary<ChainAttack> garbageChain() {
        return Arbitraries.of(new Credential(activeId(), activeCert(), spareCert()),
                new Credential(spareId(), spareCert(), activeCert())).flatMap(this::garbageChainFor);
    }

    private Arbitrary<ChainAttack> garbageChainFor(Credential target) {
        byte[] own = target.own();
        String ownB64 = b64(own);
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        Arbitrary<ChainAttack> attacks = Arbitraries.oneOf(
                badBase64(ownB64).map(s -> attack(target, "bad base64", s)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                        .map(b -> attack(target, "random bytes", b64(b))),
                Arbitraries.integers().between(0, own.length - 1)
                        .map(n -> attack(target, "truncated own certificate", b64(Arrays.copyOf(own, n)))),
                noise.map(extra -> attack(target, "own certificate + trailing bytes", b64(concat(own, extra)))),
                Arbitraries.just(attack(target, "another key's certificate", b64(target.other()))),
                Combinators.combine(Arbitraries.integers().between(0, target.other().length - 1), noise)
                        .as((i, b) -> {
                            byte[] corrupted = target.other().clone();
                            corrupted[i] ^= b[0] == 0 ? 1 : b[0];
                            return attack(target, "another key's certificate, corrupted", b64(corrupted));
                        }),
                Arbitraries.just(attack(target, "own certificate as PEM text", b64(pem(own).getBytes(UTF_8)))),
                noise.map(b -> new ChainAttack(target, "own certificate, then garbage", List.of(ownB64, b64(b)))),
                Arbitraries.just(new ChainAttack(target, "another key's certificate, then own",
                        List.of(b64(target.other()), ownB64))),
                Arbitraries.just(new ChainAttack(target, "empty chain", List.of())),
                Arbitraries.just(new ChainAttack(target, "17 certificates",
                        Collections.nCopies(17, ownB64))));
        return attacks;
    }

    /** Strings the standard, padded base64 decoder refuses, many of them near misses of a real certificate. */
    private static Arbitrary<String> badBase64(String real) {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCxyz019+/=-_ .\n\r\t*\u00e9").ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of(Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(real)),
                        " " + real, real + "\n", real + "=", "=" + real, real.substring(1), real + "A",
                        real.replace('+', '-').replace('/', '_') + "!", real.replace("=", "") + "*",
                        real.substring(0, 8) + "\u0000" + real.substring(8)))
                .filter(s -> !s.equals(real));
    }

    private static ChainAttack attack(Credential target, String how, String element) {
        return new ChainAttack(target, how, List.of(element));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
