package io.replikey.server.config;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The CA certificates the operator trusts for replication sources, besides the JVM's trust store
 * ({@code --replication-trust-ca}); read and parsed at start-up. Immutable.
 *
 * @param file         where they were read from, or null when none was given
 * @param certificates the certificates; empty when none was given
 */
public record ReplicationTrust(Path file, List<X509Certificate> certificates) {
    public static final ReplicationTrust NONE = new ReplicationTrust(null, List.of());

    public ReplicationTrust {
        certificates = List.copyOf(certificates);
    }

    /** The file and how many certificates it holds: the configuration log line stays short. */
    @Override
    public String toString() {
        return file == null ? "none" : file + " (" + certificates.size() + " certificates)";
    }
}
