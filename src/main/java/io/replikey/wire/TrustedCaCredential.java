package io.replikey.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code TrustedCaCredential}: an app whose client certificate chains to a registered CA and
 * names a registered subject. replikey implements the legacy {@code subject} (a list of
 * [OID, value] pairs) with {@code ca_certificate} or {@code ca_certificates}; {@code subject_general},
 * {@code subjects} and {@code check_revocation: true} parse and are refused by the service.
 */
public record TrustedCaCredential(List<List<String>> subject, byte[] caCertificate, List<byte[]> caCertificates,
        JsonNode subjectGeneral, JsonNode subjects, JsonNode checkRevocation) implements PartlySupported {

    public static TrustedCaCredential of(List<List<String>> subject, List<byte[]> caCertificates) {
        return new TrustedCaCredential(subject, null, caCertificates, null, null, null);
    }

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().present("subject_general", subjectGeneral).present("subjects", subjects)
                .add("check_revocation", checkRevocation).list();
    }
}
