package io.replikey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsMaterialTest {
    private static KeySealer masterKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return KeySealer.of(MasterKey.of(bytes, 1));
    }

    @Test
    void generatesOnceThenReloadsTheSameIdentity(@TempDir Path dir) throws Exception {
        KeySealer masterKey = masterKey();
        ServerTlsMaterial first = ServerTlsMaterial.loadOrGenerate(dir, "replikey.example", masterKey);

        assertThat(dir.resolve("server-cert.pem")).exists();
        assertThat(dir.resolve("server-key.sealed")).exists();
        ServerTlsMaterial second = ServerTlsMaterial.loadOrGenerate(dir, "replikey.example", masterKey);
        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.certificate().getEncoded()).isEqualTo(first.certificate().getEncoded());

        KeyStore store = second.keyStore();
        assertThat(Collections.list(store.aliases())).containsExactly(ServerTlsMaterial.ALIAS);
        assertThat(ServerTlsMaterial.ALIAS).isEqualTo("server");
        PrivateKey key = (PrivateKey) store.getKey("server", second.password());
        assertThat(store.getCertificate("server")).isEqualTo(second.certificate());
        assertKeyMatchesCertificate(key, second.certificate());
    }

    @Test
    void thePrivateKeyIsNeverWrittenInTheClear(@TempDir Path dir) throws Exception {
        ServerTlsMaterial material = ServerTlsMaterial.loadOrGenerate(dir, "localhost", masterKey());
        byte[] pkcs8 = material.keyStore().getKey("server", material.password()).getEncoded();

        byte[] sealed = Files.readAllBytes(dir.resolve("server-key.sealed"));
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(sealed)).doesNotContain(hex.formatHex(pkcs8));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        try (var files = Files.list(dir)) {
            files.forEach(f -> assertThat(f).content(StandardCharsets.ISO_8859_1).doesNotContain("PRIVATE KEY"));
        }
    }

    private static void assertKeyMatchesCertificate(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] message = "tls handshake stand-in".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).as("key store key matches the certificate").isTrue();
    }
}
