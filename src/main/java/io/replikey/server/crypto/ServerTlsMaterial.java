package io.replikey.server.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The server's TLS identity as an in-memory key store for Jetty. Either the operator's PEM
 * certificate chain and private key, or a self-signed EC P-256 certificate generated at first
 * start and kept in the data directory: the certificate as PEM, the private key sealed under the
 * master key (never written in the clear).
 *
 * <p>Immutable after construction.
 */
public final class ServerTlsMaterial {
    public static final String ALIAS = "server";
    private static final Duration GENERATED_VALIDITY = Duration.ofDays(3650);

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;

    private ServerTlsMaterial(PrivateKey key, List<X509Certificate> chain) {
        this.password = randomPassword();
        this.certificate = chain.get(0);
        try {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store", e);
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] password() {
        return password.clone();
    }

    /** The leaf certificate the server presents. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Loads an operator-supplied PEM certificate chain (leaf first) and PEM private key. */
    public static ServerTlsMaterial fromPem(Path certificateFile, Path keyFile) {
        try {
            return new ServerTlsMaterial(readPrivateKey(keyFile), readChain(certificateFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS files " + certificateFile + ", " + keyFile, e);
        }
    }

    /**
     * Loads the generated identity from {@code directory}, creating it on first start with
     * subject alternative names for localhost, 127.0.0.1 and {@code host}.
     */
    public static ServerTlsMaterial loadOrGenerate(Path directory, String host, KeySealer sealer) {
        Path certFile = directory.resolve("server-cert.pem");
        Path keyFile = directory.resolve("server-key.sealed");
        try {
            if (Files.notExists(certFile) || Files.notExists(keyFile)) {
                generate(directory, certFile, keyFile, host, sealer);
            }
            byte[] pkcs8 = sealer.open(Files.readAllBytes(keyFile), SealingContext.serverTlsKey());
            PrivateKey key = CredentialKeys.decodePrivate(CredentialKeyType.EC_P256, pkcs8);
            java.util.Arrays.fill(pkcs8, (byte) 0);
            return new ServerTlsMaterial(key, readChain(certFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write TLS files in " + directory, e);
        }
    }

    private static void generate(Path dir, Path certFile, Path keyFile, String host, KeySealer sealer)
            throws IOException {
        Files.createDirectories(dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        KeyPair pair = CredentialKeys.generate(CredentialKeyType.EC_P256);
        X509Certificate cert = selfSigned(pair, host);
        writeOwnerOnly(keyFile, sealer.seal(pair.getPrivate().getEncoded(), SealingContext.serverTlsKey()));
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new JcaMiscPEMGenerator(cert));
        }
        writeOwnerOnly(certFile, pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Everything in the data directory is owner-only from its creation, not chmod-ed after the write. */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static X509Certificate selfSigned(KeyPair pair, String host) {
        X500Name name = new X500Name("CN=replikey server");
        Instant now = Instant.now();
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        if (host != null && !host.isBlank() && !"localhost".equals(host) && !"127.0.0.1".equals(host)
                && !"0.0.0.0".equals(host)) {
            boolean literal = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
            names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(127, new SecureRandom()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(GENERATED_VALIDITY)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(pair.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate the server TLS certificate", e);
        }
    }

    private static List<X509Certificate> readChain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS certificate file " + file + " holds an invalid certificate");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("TLS certificate file " + file + " holds no PEM certificate");
        }
        return chain;
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        }
        throw new IllegalArgumentException("TLS key file " + file + " holds no unencrypted PEM private key");
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] chars = new char[24];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return chars;
    }

}
