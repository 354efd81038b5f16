package io.replikey.server.service;

import static io.replikey.server.crypto.KeyOperation.AGREEKEY;
import static io.replikey.server.crypto.KeyOperation.APPMANAGEABLE;
import static io.replikey.server.crypto.KeyOperation.DECRYPT;
import static io.replikey.server.crypto.KeyOperation.DERIVEKEY;
import static io.replikey.server.crypto.KeyOperation.ENCRYPT;
import static io.replikey.server.crypto.KeyOperation.EXPORT;
import static io.replikey.server.crypto.KeyOperation.HIGHVOLUME;
import static io.replikey.server.crypto.KeyOperation.MACGENERATE;
import static io.replikey.server.crypto.KeyOperation.MACVERIFY;
import static io.replikey.server.crypto.KeyOperation.SIGN;
import static io.replikey.server.crypto.KeyOperation.TRANSFORM;
import static io.replikey.server.crypto.KeyOperation.UNWRAPKEY;
import static io.replikey.server.crypto.KeyOperation.VERIFY;
import static io.replikey.server.crypto.KeyOperation.WRAPKEY;

import io.replikey.server.crypto.KeyOperation;
import io.replikey.server.crypto.ObjectType;
import io.replikey.server.error.BadRequestException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which key operations each object type allows, and DSM's defaults when a request names none
 * (never {@code EXPORT}: material leaves only when its creator asked for that). Stateless.
 */
final class KeyOpsRules {
    private static final Map<ObjectType, Set<KeyOperation>> ALLOWED = Map.of(
            ObjectType.AES, EnumSet.of(ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, DERIVEKEY, MACGENERATE, MACVERIFY,
                    TRANSFORM, EXPORT, APPMANAGEABLE, HIGHVOLUME),
            ObjectType.RSA, EnumSet.of(SIGN, VERIFY, ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, EXPORT, APPMANAGEABLE,
                    HIGHVOLUME),
            ObjectType.EC, EnumSet.of(SIGN, VERIFY, AGREEKEY, EXPORT, APPMANAGEABLE, HIGHVOLUME),
            ObjectType.HMAC, EnumSet.of(MACGENERATE, MACVERIFY, DERIVEKEY, EXPORT, APPMANAGEABLE),
            ObjectType.SECRET, EnumSet.of(DERIVEKEY, EXPORT, APPMANAGEABLE),
            ObjectType.OPAQUE, EnumSet.of(EXPORT, APPMANAGEABLE),
            ObjectType.CERTIFICATE, EnumSet.of(VERIFY, ENCRYPT, EXPORT, APPMANAGEABLE));
    private static final Map<ObjectType, Set<KeyOperation>> DEFAULTS = Map.of(
            ObjectType.AES, EnumSet.of(ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, DERIVEKEY, MACGENERATE, MACVERIFY,
                    APPMANAGEABLE),
            ObjectType.RSA, EnumSet.of(SIGN, VERIFY, ENCRYPT, DECRYPT, WRAPKEY, UNWRAPKEY, APPMANAGEABLE),
            ObjectType.EC, EnumSet.of(SIGN, VERIFY, AGREEKEY, APPMANAGEABLE),
            ObjectType.HMAC, EnumSet.of(MACGENERATE, MACVERIFY, APPMANAGEABLE),
            ObjectType.SECRET, EnumSet.of(DERIVEKEY, APPMANAGEABLE),
            ObjectType.OPAQUE, EnumSet.of(APPMANAGEABLE),
            ObjectType.CERTIFICATE, EnumSet.of(VERIFY, ENCRYPT, APPMANAGEABLE));

    private KeyOpsRules() {
    }

    /** {@code requested} when every operation fits {@code type}, the type's defaults when null. */
    static Set<KeyOperation> resolve(ObjectType type, Set<KeyOperation> requested) {
        if (requested == null) {
            return EnumSet.copyOf(DEFAULTS.get(type));
        }
        Set<KeyOperation> misfits = EnumSet.noneOf(KeyOperation.class);
        misfits.addAll(requested);
        misfits.removeAll(ALLOWED.get(type));
        if (!misfits.isEmpty()) {
            throw new BadRequestException("key_ops " + misfits + " do not apply to " + type + " objects");
        }
        return requested.isEmpty() ? EnumSet.noneOf(KeyOperation.class) : EnumSet.copyOf(requested);
    }
}
