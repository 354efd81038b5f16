package io.replikey.bench;

import io.replikey.client.DsmClient;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.wire.AccountPurpose;
import io.replikey.wire.AccountRequest;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * A replication credential created over HTTPS for a benchmark, with the Bearer token of the user
 * who created it: a user signed up with {@link #PASSWORD}, a replication account of theirs and a
 * credential in it, all through the API, so self_sign runs the same path as for any client.
 * An immutable value.
 */
record BenchCredential(String token, UUID acctId, String credentialId) {
    /** The benchmark users' password: they live only in a throw-away server. */
    static final String PASSWORD = "replikey benchmark password, not secret";

    /** Signs {@code email} up, logs in, and creates a replication account and a credential of {@code type}. */
    static BenchCredential create(DsmClient admin, String email, CredentialKeyType type) {
        admin.signupUser(email, PASSWORD);
        String token = admin.authenticate(email, PASSWORD);
        UUID acctId = admin.createAccount(token, new AccountRequest("bench", null, null,
                new AccountPurpose(AccountPurpose.ACCOUNT_REPLICATION,
                        new AccountPurpose.ConnectionSettings("https://source.invalid", null),
                        new AccountPurpose.ScanSettings(new AccountPurpose.AutoScan(24))))).acctId();
        return new BenchCredential(token, acctId,
                admin.createReplicationCredential(token, acctId, type.configName()).credentialId());
    }

    /** The credential's path under the API root. */
    String path() {
        return "/sys/v1/accounts/" + acctId + "/replication/credentials/" + credentialId;
    }

    /** The benchmark's self_sign request for this credential. */
    HttpsOperation selfSign(SSLContext pinned) {
        return new HttpsOperation(SelfSignBenchmark.SELF_SIGN, pinned, "POST", path() + "/self_sign",
                DsmClient.bearer(token), null, BenchCredential::selfSignBodyProblem);
    }

    /**
     * One self_sign over {@code admin}, its DER parsed and its self-signature verified, so the
     * benchmark measures real certificates.
     */
    X509Certificate checkedCertificate(DsmClient admin) {
        byte[] der = admin.replicationCredentialSelfSignedCert(token, acctId, credentialId);
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(certificate.getPublicKey());
            if (!certificate.getSubjectX500Principal().getName().contains(credentialId)) {
                throw new IllegalStateException("self_sign answered a certificate for another credential");
            }
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("self_sign answered an invalid certificate", e);
        }
    }

    /**
     * A cheap check that a self_sign answer holds a certificate; the full DER is checked once,
     * before measuring, by {@link #checkedCertificate}. Parsing JSON on the client for every
     * request would add client CPU that the server does not spend.
     */
    private static String selfSignBodyProblem(String body) {
        return body.startsWith("{\"certificate\":\"") ? null : "unexpected body " + SelfSignBenchmark.abbreviate(body);
    }
}
