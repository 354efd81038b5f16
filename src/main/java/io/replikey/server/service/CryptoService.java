package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AppPermission;
import io.replikey.server.crypto.AesCipher;
import io.replikey.server.crypto.DigestAlgorithm;
import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.ObjectKeys;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.crypto.RsaOaep;
import io.replikey.server.crypto.Signatures;
import io.replikey.server.domain.KeyRef;
import io.replikey.server.domain.SecurityObject;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.identity.Principal;
import io.replikey.server.service.CryptoRequests.Decrypt;
import io.replikey.server.service.CryptoRequests.Decrypted;
import io.replikey.server.service.CryptoRequests.Encrypt;
import io.replikey.server.service.CryptoRequests.Encrypted;
import io.replikey.server.service.CryptoRequests.Sign;
import io.replikey.server.service.CryptoRequests.Signed;
import io.replikey.server.service.CryptoRequests.Verified;
import io.replikey.server.service.CryptoRequests.Verify;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.SecurityObjectRecord;
import io.replikey.server.store.Store;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encrypt, decrypt, sign and verify with the acting account's security objects: AES-GCM and
 * AES-CBC, RSA-OAEP, RSA PKCS#1 v1.5 and PSS, ECDSA. A key is used only when it is enabled,
 * Active, permits the operation in its {@code key_ops}, and the caller may use its group; a
 * replication account's keys become usable at failover (409 before).
 *
 * <p>{@code lastused_at} is written at most once per {@link #LAST_USED_RESOLUTION} per object, so
 * that a stream of crypto requests does not turn into a stream of database writes; it is thus
 * accurate to that resolution. Material is unsealed per request and zeroed after use.
 * Thread-safe.
 */
public final class CryptoService {
    /** How stale {@code lastused_at} may be. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final Store store;
    private final KeySealer sealer;
    private final Clock clock;

    public CryptoService(Store store, KeySealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
    }

    public Encrypted encrypt(Principal principal, Encrypt request) {
        requirePresent(request.plain(), "plain");
        SecurityObjectRecord record = usable(principal, request.key(), KeyOperation.ENCRYPT, AppPermission.ENCRYPT);
        SecurityObject key = SecurityObjects.toDomain(record);
        requireAlg(key, request.alg());
        Encrypted result;
        if (key.type() == ObjectType.AES) {
            byte[] secret = SecurityObjects.open(sealer, record);
            try {
                AesCipher.Encrypted out = AesCipher.encrypt(secret, aesMode(request.aesMode()), request.plain(),
                        request.iv(), request.ad(), request.tagLenBits());
                result = new Encrypted(key.kid(), out.cipher(), out.iv(), out.tag());
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } else {
            refuseAesFields(request.aesMode(), request.iv(), request.ad(), null);
            if (request.tagLenBits() != null) {
                throw new BadRequestException("tag_len applies only to AES-GCM");
            }
            result = new Encrypted(key.kid(), RsaOaep.encrypt(publicKey(key), oaep(request.oaepHash()),
                    request.plain(), null), null, null);
        }
        touch(key);
        return result;
    }

    public Decrypted decrypt(Principal principal, Decrypt request) {
        requirePresent(request.cipher(), "cipher");
        SecurityObjectRecord record = usable(principal, request.key(), KeyOperation.DECRYPT, AppPermission.DECRYPT);
        SecurityObject key = SecurityObjects.toDomain(record);
        requireAlg(key, request.alg());
        byte[] secret = SecurityObjects.open(sealer, record);
        try {
            byte[] plain;
            if (key.type() == ObjectType.AES) {
                plain = AesCipher.decrypt(secret, aesMode(request.aesMode()), request.cipher(), request.iv(),
                        request.ad(), request.tag());
            } else {
                refuseAesFields(request.aesMode(), request.iv(), request.ad(), request.tag());
                plain = RsaOaep.decrypt(privateKey(key, secret), oaep(request.oaepHash()), request.cipher(), null);
            }
            touch(key);
            return new Decrypted(key.kid(), plain);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public Signed sign(Principal principal, Sign request) {
        SecurityObjectRecord record = usable(principal, request.key(), KeyOperation.SIGN, AppPermission.SIGN);
        SecurityObject key = SecurityObjects.toDomain(record);
        requireSignatureKey(key);
        byte[] secret = SecurityObjects.open(sealer, record);
        try {
            byte[] signature = Signatures.sign(privateKey(key, secret), request.hashAlg(), padding(key,
                    request.padding()), request.data(), request.hash());
            touch(key);
            return new Signed(key.kid(), signature);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public Verified verify(Principal principal, Verify request) {
        requirePresent(request.signature(), "signature");
        SecurityObjectRecord record = usable(principal, request.key(), KeyOperation.VERIFY, AppPermission.VERIFY);
        SecurityObject key = SecurityObjects.toDomain(record);
        requireSignatureKey(key);
        boolean result = Signatures.verify(publicKey(key), request.hashAlg(), padding(key, request.padding()),
                request.data(), request.hash(), request.signature());
        touch(key);
        return new Verified(key.kid(), result);
    }

    /** The object, when the principal may use it for {@code operation} now. */
    private SecurityObjectRecord usable(Principal principal, KeyRef ref, KeyOperation operation,
            AppPermission permission) {
        UUID acctId = ActingAccount.of(principal);
        SecurityObjectRecord record = store.read(tx -> {
            AccessPolicy.requireMembership(tx, principal, acctId);
            SecurityObjectRecord found = SecurityObjects.find(tx, acctId, ref);
            AccountRecord account = AccessPolicy.requireUseInGroup(tx, principal, acctId, found.groupId(),
                    permission);
            AccountContent.requireUsable(account);
            return found;
        });
        SecurityObject key = SecurityObjects.toDomain(record);
        if (!key.enabled()) {
            throw new ForbiddenException("the security object is disabled");
        }
        if (key.state() != SecurityObject.State.ACTIVE) {
            throw new ForbiddenException("the security object is " + key.state().wireName() + ", not Active");
        }
        if (!key.keyOps().contains(operation)) {
            throw new ForbiddenException("the security object does not permit " + operation.wireName()
                    + " (key_ops)");
        }
        return record;
    }

    private void touch(SecurityObject key) {
        long now = clock.instant().getEpochSecond();
        if (key.lastusedAt() == null
                || now - key.lastusedAt().getEpochSecond() >= LAST_USED_RESOLUTION.toSeconds()) {
            store.transaction(tx -> {
                tx.securityObjects().touch(key.acctId(), key.kid(), now);
                return null;
            });
        }
    }

    private static void requireAlg(SecurityObject key, ObjectType alg) {
        if (key.type() != ObjectType.AES && key.type() != ObjectType.RSA) {
            throw new BadRequestException("replikey encrypts with AES and RSA keys only");
        }
        if (alg != null && alg != key.type()) {
            throw new BadRequestException("alg " + alg.wireName() + " does not match the key's type "
                    + key.type().wireName());
        }
    }

    private static void requireSignatureKey(SecurityObject key) {
        if (key.type() != ObjectType.RSA && key.type() != ObjectType.EC) {
            throw new BadRequestException("replikey signs with RSA and EC keys only");
        }
    }

    private static AesCipher.Mode aesMode(AesCipher.Mode mode) {
        if (mode == null) {
            throw new BadRequestException("mode is required for AES keys (GCM or CBC)");
        }
        return mode;
    }

    /** RSA without a mode is OAEP with SHA-1, as DSM. */
    private static DigestAlgorithm oaep(DigestAlgorithm hash) {
        DigestAlgorithm chosen = hash == null ? DigestAlgorithm.SHA1 : hash;
        if (chosen != DigestAlgorithm.SHA1 && chosen != DigestAlgorithm.SHA256) {
            throw new BadRequestException("RSA-OAEP takes mgf1 hash SHA1 or SHA256");
        }
        return chosen;
    }

    private static void refuseAesFields(AesCipher.Mode mode, byte[] iv, byte[] ad, byte[] tag) {
        if (mode != null || iv != null || ad != null || tag != null) {
            throw new BadRequestException("mode (as a cipher mode), iv, ad and tag apply only to AES keys");
        }
    }

    private static Signatures.RsaPadding padding(SecurityObject key, Signatures.RsaPadding padding) {
        if (padding != null && key.type() != ObjectType.RSA) {
            throw new BadRequestException("mode applies only to RSA keys");
        }
        return padding;
    }

    private static PublicKey publicKey(SecurityObject key) {
        if (key.pubKey() == null) {
            throw new BadRequestException("the security object has no public key");
        }
        return ObjectKeys.publicKey(key.type(), key.pubKey());
    }

    private static PrivateKey privateKey(SecurityObject key, byte[] material) {
        return ObjectKeys.privateKey(key.type(), material);
    }

    private static void requirePresent(byte[] value, String field) {
        if (value == null) {
            throw new BadRequestException(field + " is required");
        }
    }
}
