package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code AppCredentialRequest}: {@code {"secret":…}}, {@code {"certificate":…}} or
 * {@code {"trustedca":…}}. The contract's other credentials ({@code all}, {@code ldap},
 * {@code awsiam}, {@code awsxks}, {@code signedjwt}, {@code googleserviceaccount},
 * {@code googleworkspacecse}) parse and are refused by the service. That exactly one credential
 * is given is the service's rule (so the refusal can name the fields).
 */
public record AppCredentialRequest(SecretCredentialRequest secret, byte[] certificate, TrustedCaCredential trustedca,
        JsonNode all, JsonNode ldap, JsonNode awsiam, JsonNode awsxks, JsonNode signedjwt,
        JsonNode googleserviceaccount, JsonNode googleworkspacecse) implements PartlySupported {

    public static AppCredentialRequest ofSecret(SecretCredentialRequest secret) {
        return new AppCredentialRequest(secret, null, null, null, null, null, null, null, null, null);
    }

    public static AppCredentialRequest ofCertificate(byte[] der) {
        return new AppCredentialRequest(null, der, null, null, null, null, null, null, null, null);
    }

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().nested("trustedca", trustedca).present("all", all).present("ldap", ldap)
                .present("awsiam", awsiam).present("awsxks", awsxks).present("signedjwt", signedjwt)
                .present("googleserviceaccount", googleserviceaccount)
                .present("googleworkspacecse", googleworkspacecse).list();
    }
}
