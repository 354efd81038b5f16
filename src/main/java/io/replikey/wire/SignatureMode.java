package io.replikey.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * DSM {@code SignatureMode}, the {@code mode} of sign and verify: an RSA padding,
 * {@code {"PSS":{"mgf":{"mgf1":{"hash":"SHA256"}}}}} or {@code {"PKCS1_V15":{}}}, or an ML-DSA mode
 * ({@code {"variant":…}}), which parses and is listed by {@link #unsupportedFields()}. That exactly
 * one is given is the service's rule.
 */
public record SignatureMode(@JsonProperty("PSS") Pss pss, @JsonProperty("PKCS1_V15") NoOptions pkcs1V15,
        JsonNode variant) implements PartlySupported {

    public static SignatureMode rsaPss(DigestAlgorithm mgf1Hash) {
        return new SignatureMode(new Pss(Mgf.mgf1(mgf1Hash)), null, null);
    }

    public static SignatureMode rsaPkcs1V15() {
        return new SignatureMode(null, new NoOptions(), null);
    }

    @Override
    public List<String> unsupportedFields() {
        return Fields.of().present("variant", variant).list();
    }

    /** DSM {@code RsaSignaturePaddingPss}: PSS with its MGF1 hash. */
    public record Pss(Mgf mgf) {
    }
}
