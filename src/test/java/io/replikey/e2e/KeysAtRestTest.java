package io.replikey.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.MasterKey;
import io.replikey.server.service.ReplicationCredentialService;
import io.replikey.testing.RawDatabase;
import io.replikey.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * design.md §6: private keys exist on disk only sealed under the master key. The test unseals
 * each stored key with the master key file, so it knows the exact secret bytes, then searches
 * every file of the data directory for them, raw and base64-encoded.
 */
class KeysAtRestTest {
    @TempDir
    Path dataDir;

    @Test
    void noPrivateKeyMaterialInTheDataDirectory() throws Exception {
        List<UUID> credentials = new ArrayList<>();
        try (TestServer server = TestServer.start(dataDir)) {
            TestServer.User admin = server.newUser();
            for (CredentialKeyType type : CredentialKeyType.values()) {
                UUID acctId = server.newReplicationAccount(admin.token());
                String id = server.client().createReplicationCredential(admin.token(), acctId, type.configName())
                        .credentialId();
                server.client().replicationCredentialSelfSignedCert(admin.token(), acctId, id);
                credentials.add(UUID.fromString(id));
                credentials.add(acctId);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
                .isEqualTo("rw-------");
        KeySealer sealer = KeySealer.of(MasterKey.loadOrCreate(dataDir.resolve("master.key")));
        RawDatabase raw = RawDatabase.sqlite(dataDir);
        byte[] files = raw.allFilesExceptMasterKey();

        for (int i = 0; i < credentials.size(); i += 2) {
            UUID credentialId = credentials.get(i);
            byte[] pkcs8 = sealer.open(raw.sealedPrivateKeyOf(credentialId),
                    ReplicationCredentialService.sealingContext(credentials.get(i + 1), credentialId));
            // Positive control: the same search does find the public key, so a miss below means something.
            assertThat(contains(files, Base64.getEncoder().encode(raw.publicKeyOf(credentialId)))).isTrue();
            for (byte[] secret : secretsOf(pkcs8)) {
                assertThat(contains(files, secret)).as("raw secret of %s on disk", credentialId).isFalse();
                assertThat(contains(files, Base64.getEncoder().encode(secret)))
                        .as("base64 secret of %s on disk", credentialId).isFalse();
            }
        }
    }

    /** The PKCS#8 encoding, the inner private key structure, and the bare secret scalar or exponent. */
    private static List<byte[]> secretsOf(byte[] pkcs8) throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(pkcs8);
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        secrets.add(info.getPrivateKey().getOctets());
        String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        if (algorithm.equals("1.2.840.10045.2.1")) {
            var key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            secrets.add(unsigned(key.getS().toByteArray()));
        } else if (algorithm.equals("1.2.840.113549.1.1.1")) {
            var key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            secrets.add(unsigned(key.getPrivateExponent().toByteArray()));
            secrets.add(unsigned(key.getPrimeP().toByteArray()));
        }
        return secrets;
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
