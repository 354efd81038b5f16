package io.replikey.wire;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fully populated response records, as replikey will send them, for the wire-model tests. */
final class WireSamples {
    static final UUID ACCT = UUID.fromString("0f5d3a51-4b8e-4c52-9a1e-6f1d7c2b9e01");
    static final UUID APP = UUID.fromString("6a1b8e7c-2d4f-4a3b-8c9d-0e1f2a3b4c5d");
    static final UUID GROUP = UUID.fromString("3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4");
    static final UUID USER = UUID.fromString("9e8d7c6b-5a49-4382-a716-05f4e3d2c1b0");
    static final UUID KID = UUID.fromString("b1c2d3e4-f5a6-4b7c-8d9e-0a1b2c3d4e5f");
    static final String CREATED = WireTime.format(1_769_422_500L);
    static final String USED = WireTime.format(1_769_426_100L);
    static final byte[] DER = "not a real certificate, but bytes".getBytes(StandardCharsets.US_ASCII);

    private WireSamples() {
    }

    static App app(AppAuthType authType, String certNotAfter) {
        Map<UUID, List<AppPermission>> groups = new LinkedHashMap<>();
        groups.put(GROUP, List.of(AppPermission.SIGN, AppPermission.VERIFY, AppPermission.EXPORT));
        return new App(ACCT, APP, "payments", "signs invoices", "default", "JCE", AppRole.CRYPTO, true,
                new AppGroups(groups), GROUP, authType, CREATED, USED, certNotAfter, Principal.user(USER), Map.of(),
                App.ALLOW_ALL, Map.of(), false);
    }

    static Group group() {
        return new Group(ACCT, GROUP, "finance", "keys of the finance team", CREATED, Principal.app(APP),
                Map.of("owner", "treasury"), Map.of());
    }

    static CollectionMetadata metadata() {
        return new CollectionMetadata("eyJvZmZzZXQiOjEwMH0", 250, CollectionMetadata.CountAccuracy.EXACT);
    }

    /** An exported EC key: every field set, {@code value} included. */
    static Sobject exportedEcKey() {
        return new Sobject(ACCT, KID, "signing key", ObjectType.EC, 256L, EllipticCurve.NistP256,
                List.of(KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.EXPORT), true, SobjectState.Active,
                Map.of("purpose", "invoices"), "ECDSA P-256", CREATED, USED, Principal.app(APP), GROUP, DER,
                "A1B2C3", ObjectOrigin.FortanixHSM, false, DER);
    }

    static Sobject ecKey() {
        return new Sobject(ACCT, KID, "signing key", ObjectType.EC, 256L, EllipticCurve.NistP256,
                List.of(KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.APPMANAGEABLE), true, SobjectState.Active,
                Map.of("purpose", "invoices"), "ECDSA P-256", CREATED, USED, Principal.app(APP), GROUP, DER,
                "A1B2C3", ObjectOrigin.FortanixHSM, false, null);
    }

    static Sobject exportedAesKey() {
        return new Sobject(ACCT, KID, "data key", ObjectType.AES, 256L, null,
                List.of(KeyOperation.ENCRYPT, KeyOperation.DECRYPT, KeyOperation.EXPORT), true, SobjectState.Active,
                Map.of(), "AES-256", CREATED, USED, Principal.system(), GROUP, null, "9F8E7D",
                ObjectOrigin.FortanixHSM, false, new byte[32]);
    }

    static TrustedCaCredential trustedCa() {
        return TrustedCaCredential.of(List.of(List.of("2.5.4.3", "payments.example.com")), List.of(DER, DER));
    }

    static RecentScanSummary scanSummary() {
        return new RecentScanSummary(new RecentScanSummary.ReplicationScan(USED, null, null),
                new RecentScanSummary.ReplicationScan(CREATED, USED, "source refused the credential: 401"),
                new RecentScanSummary.ReplicationScan(CREATED, CREATED, null));
    }
}
