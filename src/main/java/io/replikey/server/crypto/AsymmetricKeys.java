package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Decodes RSA and EC keys from the DER encodings DSM clients send, validates them, and builds JCA
 * keys and canonical SubjectPublicKeyInfo DER. All ASN.1 is read with BouncyCastle; every input
 * must be exactly one canonical DER structure (no trailing bytes, no BER).
 *
 * <p>Accepted encodings — RSA: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey, SubjectPublicKeyInfo,
 * PKCS#1 RSAPublicKey; EC (named curves P-256/P-384/P-521 only): PKCS#8, SEC1 ECPrivateKey
 * (RFC 5915, with its curve parameters), SubjectPublicKeyInfo. Stateless and thread-safe.
 */
final class AsymmetricKeys {
    static final int MIN_RSA_BITS = 1024;
    static final int MAX_RSA_BITS = 8192;
    private static final byte[] PAIRWISE_PROBE = "replikey pairwise consistency".getBytes(StandardCharsets.US_ASCII);

    /** A decoded key: the private key is null for a public key alone. */
    record Decoded(PrivateKey privateKey, PublicKey publicKey, byte[] spki, int bits, EllipticCurve curve) {
    }

    private AsymmetricKeys() {
    }

    static Decoded decode(ObjectType type, byte[] der) {
        return switch (type) {
            case RSA -> rsa(der);
            case EC -> ec(der);
            default -> throw new IllegalArgumentException(type + " is not an asymmetric key type");
        };
    }

    /** Decodes, then proves the private key matches its public key by signing and verifying once. */
    static Decoded decodeAndCheck(ObjectType type, byte[] der) {
        Decoded decoded = decode(type, der);
        if (decoded.privateKey() != null && !pairwiseConsistent(decoded)) {
            throw new BadRequestException("value is not a consistent " + type + " private key");
        }
        return decoded;
    }

    /** The canonical SubjectPublicKeyInfo DER of a JCA public key. */
    static byte[] spki(PublicKey key) {
        return der(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private static Decoded rsa(byte[] der) {
        ASN1Sequence sequence = strictSequence(der, "RSA");
        try {
            if (isSpki(sequence)) {
                SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(sequence);
                requireAlgorithm(info.getAlgorithm().getAlgorithm(), PKCSObjectIdentifiers.rsaEncryption, "RSA");
                return rsaPublic(RSAPublicKey.getInstance(info.parsePublicKey()));
            }
            if (sequence.size() == 2) {
                return rsaPublic(RSAPublicKey.getInstance(sequence));
            }
            if (isPkcs8(sequence)) {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(sequence);
                requireAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm(), PKCSObjectIdentifiers.rsaEncryption, "RSA");
                return rsaPrivate(RSAPrivateKey.getInstance(info.parsePrivateKey()));
            }
            return rsaPrivate(RSAPrivateKey.getInstance(sequence));
        } catch (BadRequestException | ProviderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports a structure of the wrong shape with assorted unchecked exceptions
            throw notA("RSA");
        }
    }

    private static Decoded rsaPrivate(RSAPrivateKey key) {
        if (!key.getVersion().equals(BigInteger.ZERO)) {
            throw new BadRequestException("multi-prime RSA keys are not supported");
        }
        Decoded pub = rsaPublic(new RSAPublicKey(key.getModulus(), key.getPublicExponent()));
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                    key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrime1(),
                    key.getPrime2(), key.getExponent1(), key.getExponent2(), key.getCoefficient()));
            return new Decoded(privateKey, pub.publicKey(), pub.spki(), pub.bits(), null);
        } catch (InvalidKeySpecException e) {
            throw notA("RSA");
        } catch (GeneralSecurityException e) {
            throw new ProviderException("RSA key factory unavailable", e);
        }
    }

    private static Decoded rsaPublic(RSAPublicKey key) {
        BigInteger n = key.getModulus();
        BigInteger e = key.getPublicExponent();
        int bits = n.bitLength();
        if (n.signum() <= 0 || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw new BadRequestException("RSA modulus must be " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
        }
        if (!n.testBit(0) || !e.testBit(0) || e.compareTo(BigInteger.ONE) <= 0 || e.compareTo(n) >= 0) {
            throw notA("RSA");
        }
        byte[] spki = der(new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), der(key)));
        try {
            return new Decoded(null, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)), spki,
                    bits, null);
        } catch (InvalidKeySpecException ex) {
            throw notA("RSA");
        } catch (GeneralSecurityException ex) {
            throw new ProviderException("RSA key factory unavailable", ex);
        }
    }

    private static Decoded ec(byte[] der) {
        ASN1Sequence sequence = strictSequence(der, "EC");
        try {
            if (isSpki(sequence)) {
                SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(sequence);
                EllipticCurve curve = ecAlgorithmCurve(info.getAlgorithm());
                return ecPublic(curve, info.getPublicKeyData().getOctets());
            }
            if (isPkcs8(sequence)) {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(sequence);
                EllipticCurve curve = ecAlgorithmCurve(info.getPrivateKeyAlgorithm());
                return ecPrivate(curve, ECPrivateKey.getInstance(info.parsePrivateKey()));
            }
            ECPrivateKey sec1 = ECPrivateKey.getInstance(sequence);
            if (sec1.getParametersObject() == null) {
                throw new BadRequestException("SEC1 EC private key must name its curve");
            }
            return ecPrivate(namedCurve(sec1.getParametersObject()), sec1);
        } catch (BadRequestException | ProviderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports a structure of the wrong shape with assorted unchecked exceptions
            throw notA("EC");
        }
    }

    private static Decoded ecPrivate(EllipticCurve curve, ECPrivateKey key) {
        // RFC 5915: version 1. BouncyCastle does not check it.
        if (!ASN1Integer.getInstance(ASN1Sequence.getInstance(key.toASN1Primitive()).getObjectAt(0)).hasValue(1)) {
            throw notA("EC");
        }
        if (key.getParametersObject() != null && namedCurve(key.getParametersObject()) != curve) {
            throw notA("EC");
        }
        X9ECParameters x9 = ECNamedCurveTable.getByOID(curve.oid());
        BigInteger d = key.getKey();
        if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
            throw notA("EC");
        }
        ECPoint q = x9.getG().multiply(d).normalize();
        if (key.getPublicKey() != null && !x9.getCurve().decodePoint(key.getPublicKey().getOctets()).equals(q)) {
            throw new BadRequestException("value is not a consistent EC private key");
        }
        Decoded pub = ecPublic(curve, q.getEncoded(false));
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curve.jcaName()));
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(
                    new ECPrivateKeySpec(d, parameters.getParameterSpec(ECParameterSpec.class)));
            return new Decoded(privateKey, pub.publicKey(), pub.spki(), curve.bits(), curve);
        } catch (InvalidKeySpecException e) {
            throw notA("EC");
        } catch (GeneralSecurityException e) {
            throw new ProviderException("EC key factory unavailable", e);
        }
    }

    private static Decoded ecPublic(EllipticCurve curve, byte[] encodedPoint) {
        X9ECParameters x9 = ECNamedCurveTable.getByOID(curve.oid());
        // decodePoint refuses points off the curve; infinity and small-order points are refused below.
        ECPoint point = x9.getCurve().decodePoint(encodedPoint).normalize();
        if (point.isInfinity() || !point.isValid()) {
            throw notA("EC");
        }
        byte[] spki = der(new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve.oid()), point.getEncoded(false)));
        try {
            return new Decoded(null, KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)), spki,
                    curve.bits(), curve);
        } catch (InvalidKeySpecException e) {
            throw notA("EC");
        } catch (GeneralSecurityException e) {
            throw new ProviderException("EC key factory unavailable", e);
        }
    }

    private static EllipticCurve ecAlgorithmCurve(AlgorithmIdentifier algorithm) {
        requireAlgorithm(algorithm.getAlgorithm(), X9ObjectIdentifiers.id_ecPublicKey, "EC");
        return namedCurve(algorithm.getParameters());
    }

    private static EllipticCurve namedCurve(ASN1Encodable parameters) {
        EllipticCurve curve = parameters instanceof ASN1ObjectIdentifier oid ? EllipticCurve.byOid(oid) : null;
        if (curve == null) {
            throw new BadRequestException("EC key must be on a named curve: NistP256, NistP384 or NistP521");
        }
        return curve;
    }

    private static boolean pairwiseConsistent(Decoded decoded) {
        String algorithm = decoded.curve() == null ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(decoded.privateKey());
            signer.update(PAIRWISE_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(decoded.publicKey());
            verifier.update(PAIRWISE_PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }. */
    private static boolean isSpki(ASN1Sequence sequence) {
        return sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1Sequence;
    }

    /** PrivateKeyInfo: SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, ... }. */
    private static boolean isPkcs8(ASN1Sequence sequence) {
        return sequence.size() >= 3 && sequence.getObjectAt(0) instanceof ASN1Integer
                && sequence.getObjectAt(1) instanceof ASN1Sequence && sequence.getObjectAt(2) instanceof ASN1OctetString;
    }

    private static void requireAlgorithm(ASN1ObjectIdentifier actual, ASN1ObjectIdentifier expected, String type) {
        if (!expected.equals(actual)) {
            throw new BadRequestException("value holds a key of another algorithm than " + type);
        }
    }

    /** Exactly one canonical DER SEQUENCE: BouncyCastle refuses trailing bytes, re-encoding refuses BER. */
    static ASN1Sequence strictSequence(byte[] der, String type) {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (primitive instanceof ASN1Sequence sequence && Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                return sequence;
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the typed error
        }
        throw notA(type);
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    private static BadRequestException notA(String type) {
        return new BadRequestException("CERTIFICATE".equals(type) ? "value is not a DER-encoded X.509 certificate"
                : "value is not a valid " + type + " key in a supported DER encoding");
    }
}
