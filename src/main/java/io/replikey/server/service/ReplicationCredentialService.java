package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.crypto.CredentialKeyType;
import io.replikey.server.crypto.CredentialKeys;
import io.replikey.server.crypto.DecodedKeyCache;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.crypto.SelfSignedCertificateFactory;
import io.replikey.server.domain.PurposeKind;
import io.replikey.server.domain.ReplicationCredential;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.Principal;
import io.replikey.server.store.AccountRecord;
import io.replikey.server.store.ReplicationCredentialDao;
import io.replikey.server.store.ReplicationCredentialRecord;
import io.replikey.server.store.Tx;
import io.replikey.server.store.Store;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * Replication credentials (design.md §2–§3): key pairs generated inside the server whose private
 * keys are stored only sealed under the master key, bound to their account and credential ids.
 * At most {@link ReplicationCredentialDao#SLOTS} per account, enforced by the database. Every
 * operation needs MANAGE_REPLICATION in a replication account; on a disabled account only reads
 * are allowed. Thread-safe.
 */
public final class ReplicationCredentialService {
    static final int MAX_CHAIN_LENGTH = 16;

    private final Store store;
    private final KeySealer sealer;
    private final SelfSignedCertificateFactory certificates;
    private final CredentialKeyType defaultKeyType;
    private final Clock clock;
    private final DecodedKeyCache decodedKeys;

    public ReplicationCredentialService(Store store, KeySealer sealer, SelfSignedCertificateFactory certificates,
            CredentialKeyType defaultKeyType, Clock clock,
            DecodedKeyCache decodedKeys) {
        this.store = store;
        this.sealer = sealer;
        this.certificates = certificates;
        this.defaultKeyType = defaultKeyType;
        this.clock = clock;
        this.decodedKeys = decodedKeys;
    }

    public ReplicationCredential create(Principal principal, UUID acctId, NewCredential request) {
        CredentialKeyType keyType = request.keyType() != null ? request.keyType() : defaultKeyType;
        // Cheap early answers before the (possibly slow) key generation; the insert re-checks both.
        store.read(tx -> {
            requireEnabled(requireReplicationAccount(tx, principal, acctId));
            if (tx.credentials().list(acctId).size() >= ReplicationCredentialDao.SLOTS) {
                throw tooMany();
            }
            return null;
        });
        KeyPair pair = CredentialKeys.generate(keyType);
        UUID credentialId = UUID.randomUUID();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        ReplicationCredentialRecord unplaced = new ReplicationCredentialRecord(credentialId, acctId, 0,
                keyType, pair.getPublic().getEncoded(),
                sealer.seal(pkcs8, sealingContext(acctId, credentialId)), sealer.currentVersion(), null, null,
                clock.instant().getEpochSecond());
        Arrays.fill(pkcs8, (byte) 0);
        return store.transaction(tx -> {
            requireEnabled(requireReplicationAccountForUpdate(tx, principal, acctId));
            if (!tx.credentials().insertIntoFreeSlot(unplaced)) {
                throw tooMany();
            }
            // Read back rather than return `unplaced`: the database chose the slot.
            return find(tx, acctId, credentialId).toCredential();
        });
    }

    public List<ReplicationCredential> list(Principal principal, UUID acctId) {
        return store.read(tx -> {
            requireReplicationAccount(tx, principal, acctId);
            return tx.credentials().list(acctId);
        }).stream().map(ReplicationCredentialRecord::toCredential).toList();
    }

    public ReplicationCredential get(Principal principal, UUID acctId, UUID credentialId) {
        return store.read(tx -> {
            requireReplicationAccount(tx, principal, acctId);
            return find(tx, acctId, credentialId);
        }).toCredential();
    }

    public ReplicationCredential update(Principal principal, UUID acctId, UUID credentialId,
            CredentialChanges changes) {
        UUID appId = changes.appId();
        List<byte[]> chain = changes.certificateChain() == null ? null : checkChain(changes.certificateChain());
        return store.transaction(tx -> {
            requireEnabled(requireReplicationAccountForUpdate(tx, principal, acctId));
            ReplicationCredentialRecord current = find(tx, acctId, credentialId);
            if (chain != null && !Arrays.equals(leafPublicKey(chain.get(0)), current.publicKey())) {
                throw new BadRequestException("certificate_chain[0] does not hold this credential's public key");
            }
            ReplicationCredentialRecord updated = current.withAppAndChain(
                    appId != null ? appId : current.appId(), chain != null ? chain : current.certificateChain());
            tx.credentials().updateAppAndChain(updated);
            return updated.toCredential();
        });
    }

    public void delete(Principal principal, UUID acctId, UUID credentialId) {
        store.transaction(tx -> {
            AccountRecord account = requireEnabled(requireReplicationAccountForUpdate(tx, principal, acctId));
            if (credentialId.equals(account.activeCredentialId())) {
                throw new ConflictException("credential " + credentialId
                        + " is the account's active replication credential and cannot be deleted");
            }
            if (!tx.credentials().delete(acctId, credentialId)) {
                throw new NotFoundException("replication credential not found");
            }
            return null;
        });
        decodedKeys.forget(credentialId);
    }

    /**
     * Issues a fresh self-signed certificate over the credential's key (design.md §2). The
     * credential itself is not changed. The private key is unsealed only for this signature.
     */
    public byte[] selfSign(Principal principal, UUID acctId, UUID credentialId) {
        ReplicationCredentialRecord credential = store.read(tx -> {
            requireEnabled(requireReplicationAccount(tx, principal, acctId));
            return find(tx, acctId, credentialId);
        });
        CredentialKeyType type = credential.keyType();
        PrivateKey key = decodedKeys.get(credentialId, credential.sealedPrivateKey(), () -> {
            byte[] pkcs8 = sealer.open(credential.sealedPrivateKey(), sealingContext(acctId, credentialId));
            try {
                return CredentialKeys.decodePrivate(type, pkcs8);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        });
        String commonName = SelfSignedCertificateFactory.credentialCommonName(acctId, credentialId);
        return certificates.issue(commonName, credential.publicKey(), key, type);
    }

    /** Associated data binding a sealed private key to its account and credential. */
    public static SealingContext sealingContext(UUID acctId, UUID credentialId) {
        return SealingContext.credentialKey(acctId, credentialId);
    }

    /** The credential of an account the caller was already checked for. */
    private static ReplicationCredentialRecord find(Tx tx, UUID acctId, UUID credentialId) {
        return tx.credentials().byId(acctId, credentialId)
                .orElseThrow(() -> new NotFoundException("replication credential not found"));
    }

    private static AccountRecord requireReplicationAccount(Tx tx, Principal principal, UUID acctId) {
        return requireReplication(AccessPolicy.require(tx, principal, acctId, AccountPermission.MANAGE_REPLICATION));
    }

    /** As {@link #requireReplicationAccount}, locking the account first: for every credential change. */
    private static AccountRecord requireReplicationAccountForUpdate(Tx tx, Principal principal, UUID acctId) {
        return requireReplication(
                AccessPolicy.requireForUpdate(tx, principal, acctId, AccountPermission.MANAGE_REPLICATION));
    }

    private static AccountRecord requireReplication(AccountRecord account) {
        if (account.purposeType() != PurposeKind.ACCOUNT_REPLICATION) {
            throw new BadRequestException("account is not a replication account");
        }
        return account;
    }

    /** A disabled account's credentials can be read but not changed or used to sign. */
    private static AccountRecord requireEnabled(AccountRecord account) {
        if (!account.enabled()) {
            throw new ConflictException("account is disabled");
        }
        return account;
    }

    private static ConflictException tooMany() {
        return new ConflictException("account already has " + ReplicationCredentialDao.SLOTS
                + " replication credentials; delete one first");
    }

    private static List<byte[]> checkChain(List<byte[]> chain) {
        if (chain.isEmpty() || chain.size() > MAX_CHAIN_LENGTH) {
            throw new BadRequestException("certificate_chain must hold 1 to " + MAX_CHAIN_LENGTH + " certificates");
        }
        for (int i = 0; i < chain.size(); i++) {
            DerCertificates.parse("certificate_chain[" + i + "]", chain.get(i));
        }
        return List.copyOf(chain);
    }

    private static byte[] leafPublicKey(byte[] leafDer) {
        try {
            return DerCertificates.parse("certificate_chain[0]", leafDer).getSubjectPublicKeyInfo()
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new BadRequestException("certificate_chain[0] has an unreadable public key");
        }
    }
}
