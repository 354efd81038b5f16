package io.replikey.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Builds the self-signed replication-credential certificate of design.md §2: X.509 v3, random
 * positive serial (127 bits of entropy, at most 16 octets), issuer = subject = one RDN with one
 * UTF8String commonName, notBefore = issue time in whole seconds, notAfter = GeneralizedTime
 * {@code 99991231235959Z}, no extensions, signed with the credential's own private key.
 *
 * <p>Thread-safe: holds a clock and a {@link SecureRandom}, both safe for concurrent use, and the
 * last notBefore it built, swapped atomically.
 */
public final class SelfSignedCertificateFactory {
    /** RFC 5280 §4.1.2.5: the certificate has no well-defined expiration date. */
    static final String NO_WELL_DEFINED_EXPIRY = "99991231235959Z";
    private static final int SERIAL_BYTES = 16;
    /** Immutable, so built once rather than re-parsed for every certificate. */
    private static final Time NOT_AFTER = new Time(new ASN1GeneralizedTime(NO_WELL_DEFINED_EXPIRY));

    private final Clock clock;
    private final SecureRandom random;
    /**
     * The notBefore of the current second, built once per second: BouncyCastle formats a
     * {@link Time} through a new {@code SimpleDateFormat}, a fifth of this class's cost under load.
     */
    private final AtomicReference<NotBefore> currentNotBefore = new AtomicReference<>(new NotBefore(Long.MIN_VALUE, null));

    private record NotBefore(long epochSecond, Time time) {
    }

    public SelfSignedCertificateFactory(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** The commonName design.md §2 prescribes for a credential certificate. */
    public static String credentialCommonName(java.util.UUID accountId, java.util.UUID credentialId) {
        return accountId + " replication credential " + credentialId;
    }

    /**
     * Issues a certificate for {@code publicKeyInfo} (DER SubjectPublicKeyInfo), signed by
     * {@code privateKey}, and returns its DER encoding.
     */
    public byte[] issue(String commonName, byte[] publicKeyInfo, PrivateKey privateKey, CredentialKeyType type) {
        X500Name name = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(commonName))});
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                name, randomSerial(), notBefore(), NOT_AFTER, name, SubjectPublicKeyInfo.getInstance(publicKeyInfo));
        try {
            return builder.build(CertificateSigners.forKey(type, privateKey)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issue time in whole seconds; immutable, so shared by every certificate of that second. */
    private Time notBefore() {
        long second = clock.instant().getEpochSecond();
        NotBefore current = currentNotBefore.get();
        if (current.epochSecond() != second) {
            // Time(Date) picks UTCTime for 1950..2049, as RFC 5280 requires for notBefore.
            current = new NotBefore(second, new Time(Date.from(Instant.ofEpochSecond(second))));
            currentNotBefore.set(current);
        }
        return current.time();
    }

    private BigInteger randomSerial() {
        byte[] bytes = new byte[SERIAL_BYTES];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            serial = new BigInteger(1, bytes).clearBit(SERIAL_BYTES * 8 - 1);
        } while (serial.signum() == 0);
        return serial;
    }
}
