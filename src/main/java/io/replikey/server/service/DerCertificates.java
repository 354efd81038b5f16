package io.replikey.server.service;

import io.replikey.server.error.BadRequestException;
import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;

/** Strict parsing of client-supplied X.509 certificates. Stateless. */
final class DerCertificates {
    private DerCertificates() {
    }

    /**
     * Parses strict DER: no trailing bytes, and re-encoding must give back exactly the input, so
     * the bytes stored are the one encoding of the certificate a TLS client will present.
     */
    static Certificate parse(String field, byte[] der) {
        try {
            Certificate certificate = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            if (certificate == null || !Arrays.equals(certificate.getEncoded(ASN1Encoding.DER), der)) {
                throw new BadRequestException(field + " is not a DER-encoded X.509 certificate");
            }
            return certificate;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadRequestException bad) {
                throw bad;
            }
            throw new BadRequestException(field + " is not a DER-encoded X.509 certificate");
        }
    }
}
