package io.replikey.server.service;

/** The credential an app request asks for (DSM {@code AppCredentialRequest}, the kinds replikey serves). */
public sealed interface AppCredentialSpec {

    /** Generate a new API key of {@code size} bytes (null: the request's secret_size, else the default). */
    record GenerateSecret(Long size) implements AppCredentialSpec {
    }

    /** DSM's "use the existing secret": it must equal the app's current API key, which it keeps. */
    record ExistingSecret(String secret) implements AppCredentialSpec {
        @Override
        public String toString() {
            return "ExistingSecret[***]";
        }
    }

    /** A client certificate (DER), which the app's TLS connections must present exactly. */
    record Certificate(byte[] der) implements AppCredentialSpec {
    }
}
