package io.replikey.server.http;

import io.javalin.http.Context;
import io.replikey.server.crypto.AesCipher;
import io.replikey.server.crypto.DigestAlgorithm;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.crypto.Signatures;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.CryptoRequests;
import io.replikey.server.service.CryptoService;
import io.replikey.wire.Algorithm;
import io.replikey.wire.CryptMode;
import io.replikey.wire.DecryptRequest;
import io.replikey.wire.DecryptResponse;
import io.replikey.wire.EncryptRequest;
import io.replikey.wire.EncryptResponse;
import io.replikey.wire.Mgf;
import io.replikey.wire.SignRequest;
import io.replikey.wire.SignResponse;
import io.replikey.wire.SignatureMode;
import io.replikey.wire.SobjectDescriptor;
import io.replikey.wire.VerifyRequest;
import io.replikey.wire.VerifyResponse;
import java.util.Arrays;

/**
 * {@code /crypto/v1/encrypt|decrypt|sign|verify}, and the per-key forms
 * {@code /crypto/v1/keys/{key_id}/…} that DSM's SDKs still call, where the path names the key and
 * the body must not.
 */
final class CryptoHandler {
    private final CryptoService crypto;

    CryptoHandler(CryptoService crypto) {
        this.crypto = crypto;
    }

    void encrypt(Context ctx, Principal principal) {
        EncryptRequest r = RequestBodies.required(ctx, EncryptRequest.class);
        encrypt(ctx, principal, r, key(r.key()));
    }

    void encryptWithKey(Context ctx, Principal principal) {
        EncryptRequest r = RequestBodies.required(ctx, EncryptRequest.class);
        encrypt(ctx, principal, r, pathKey(ctx, r.key()));
    }

    private void encrypt(Context ctx, Principal principal, EncryptRequest r, KeyRef key) {
        var out = crypto.encrypt(principal, new CryptoRequests.Encrypt(key, alg(r.alg()), aesMode(r.mode()),
                oaepHash(r.mode()), r.plain(), r.iv(), r.ad(), r.tagLen()));
        Responses.json(ctx, new EncryptResponse(out.kid(), out.cipher(), out.iv(), out.tag()));
    }

    void decrypt(Context ctx, Principal principal) {
        DecryptRequest r = RequestBodies.required(ctx, DecryptRequest.class);
        decrypt(ctx, principal, r, key(r.key()));
    }

    void decryptWithKey(Context ctx, Principal principal) {
        DecryptRequest r = RequestBodies.required(ctx, DecryptRequest.class);
        decrypt(ctx, principal, r, pathKey(ctx, r.key()));
    }

    private void decrypt(Context ctx, Principal principal, DecryptRequest r, KeyRef key) {
        var out = crypto.decrypt(principal, new CryptoRequests.Decrypt(key, alg(r.alg()), aesMode(r.mode()),
                oaepHash(r.mode()), r.cipher(), r.iv(), r.ad(), r.tag()));
        try {
            Responses.json(ctx, new DecryptResponse(out.kid(), out.plain()));
        } finally {
            Arrays.fill(out.plain(), (byte) 0);
        }
    }

    void sign(Context ctx, Principal principal) {
        SignRequest r = RequestBodies.required(ctx, SignRequest.class);
        sign(ctx, principal, r, key(r.key()));
    }

    void signWithKey(Context ctx, Principal principal) {
        SignRequest r = RequestBodies.required(ctx, SignRequest.class);
        sign(ctx, principal, r, pathKey(ctx, r.key()));
    }

    private void sign(Context ctx, Principal principal, SignRequest r, KeyRef key) {
        var out = crypto.sign(principal, new CryptoRequests.Sign(key, hash(r.hashAlg()), r.data(), r.hash(),
                padding(r.mode())));
        Responses.json(ctx, new SignResponse(out.kid(), out.signature()));
    }

    void verify(Context ctx, Principal principal) {
        VerifyRequest r = RequestBodies.required(ctx, VerifyRequest.class);
        verify(ctx, principal, r, key(r.key()));
    }

    void verifyWithKey(Context ctx, Principal principal) {
        VerifyRequest r = RequestBodies.required(ctx, VerifyRequest.class);
        verify(ctx, principal, r, pathKey(ctx, r.key()));
    }

    private void verify(Context ctx, Principal principal, VerifyRequest r, KeyRef key) {
        var out = crypto.verify(principal, new CryptoRequests.Verify(key, hash(r.hashAlg()), r.data(), r.hash(),
                padding(r.mode()), r.signature()));
        Responses.json(ctx, new VerifyResponse(out.kid(), out.result()));
    }

    private static KeyRef key(SobjectDescriptor descriptor) {
        if (descriptor == null) {
            throw new BadRequestException("key is required");
        }
        return SobjectWire.keyRef(descriptor);
    }

    private static KeyRef pathKey(Context ctx, SobjectDescriptor descriptor) {
        if (descriptor != null) {
            throw new BadRequestException("the path names the key; omit key from the body");
        }
        return KeyRef.byKid(KeyHandler.keyId(ctx));
    }

    private static ObjectType alg(Algorithm alg) {
        if (alg == null) {
            throw new BadRequestException("alg is required");
        }
        if (alg != Algorithm.AES && alg != Algorithm.RSA) {
            throw new BadRequestException("alg must be AES or RSA");
        }
        return ObjectType.parse(alg.name());
    }

    private static AesCipher.Mode aesMode(CryptMode mode) {
        return mode == null || mode.cipher() == null ? null : AesCipher.Mode.parse(mode.cipher().name());
    }

    private static DigestAlgorithm oaepHash(CryptMode mode) {
        if (mode == null || mode.rsa() == null) {
            return null;
        }
        if (mode.rsa().oaep() == null) {
            throw new BadRequestException("mode: replikey supports RSA OAEP only");
        }
        return mgf1Hash(mode.rsa().oaep().mgf(), "mode.OAEP");
    }

    private static Signatures.RsaPadding padding(SignatureMode mode) {
        if (mode == null) {
            return null;
        }
        if ((mode.pss() == null) == (mode.pkcs1V15() == null)) {
            throw new BadRequestException("mode is exactly one of PSS and PKCS1_V15");
        }
        return mode.pss() == null ? new Signatures.Pkcs1V15()
                : new Signatures.Pss(mgf1Hash(mode.pss().mgf(), "mode.PSS"));
    }

    private static DigestAlgorithm mgf1Hash(Mgf mgf, String where) {
        if (mgf == null || mgf.mgf1() == null || mgf.mgf1().hash() == null) {
            throw new BadRequestException(where + ".mgf.mgf1.hash is required");
        }
        return hash(mgf.mgf1().hash());
    }

    private static DigestAlgorithm hash(io.replikey.wire.DigestAlgorithm hash) {
        return hash == null ? null : DigestAlgorithm.parse(hash.name());
    }
}
