package io.replikey.server.domain;

/**
 * The outcome of testing a replication credential against its account's source (replikey
 * extension): {@code ok}, or why not, with the failure's kind (a {@code SourceException.Kind}
 * name: {@code TLS_TRUST}, {@code CLIENT_CERTIFICATE_REFUSED}, {@code TLS_HANDSHAKE},
 * {@code NETWORK}, {@code HTTP}, {@code MALFORMED_RESPONSE}) and a short reason.
 */
public record CredentialCheck(boolean ok, String kind, String reason) {
    public static final CredentialCheck OK = new CredentialCheck(true, null, null);
}
