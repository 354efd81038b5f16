package io.replikey.server.service;

import io.replikey.server.access.AccessPolicy;
import io.replikey.server.access.AccountPermission;
import io.replikey.server.access.AppPermission;
import io.replikey.server.access.AppRole;
import io.replikey.server.crypto.KeySealer;
import io.replikey.server.crypto.SealingContext;
import io.replikey.server.domain.App;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotAuthenticatedException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.AppPrincipal;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.AppGroupRecord;
import io.replikey.server.store.AppRecord;
import io.replikey.server.store.Creator;
import io.replikey.server.store.SessionKind;
import io.replikey.server.store.Store;
import io.replikey.server.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Apps (DSM {@code /sys/v1/apps}): their rules, and authenticating them by API key or TLS client
 * certificate. Apps live in the caller's account (a user's selected account, an app's own);
 * managing them takes the {@code *_ADMIN_APPS} account permissions, which account administrators
 * and admin apps hold and crypto apps do not.
 *
 * <p>An API key is {@value #DEFAULT_SECRET_BYTES} random bytes unless asked otherwise (at least
 * {@value #MIN_SECRET_BYTES}), handed out as unpadded base64url; it is stored sealed under the
 * master key because DSM returns it from {@code GetAppCredential}, and compared as SHA-256 digests
 * in constant time. A new secret or certificate, disabling the app and deleting it end the app's
 * sessions at once. Thread-safe.
 */
public final class AppService {
    static final int DEFAULT_SECRET_BYTES = 32;
    static final int MIN_SECRET_BYTES = 32;
    static final int MAX_SECRET_BYTES = 1024;
    static final int MAX_NAME_LENGTH = 4096;
    static final String DEFAULT_APP_TYPE = "Default";
    /** Writing lastused_at on every request would make every read a write; once a minute is enough. */
    private static final long TOUCH_INTERVAL_SECONDS = 60;
    private static final String SECRET = "secret";
    private static final String CERTIFICATE = "certificate";
    /** Where the decoy secret is sealed: no account, no app. */
    private static final SealingContext DECOY_CONTEXT = SealingContext.appSecret(new UUID(0, 0), new UUID(0, 0));

    private final Store store;
    private final KeySealer sealer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /**
     * Opened and compared when no API-key app has the given id, so that an unknown id costs what a
     * known one does. Its plaintext is random and forgotten: it never matches.
     */
    private final byte[] decoySecret;

    public AppService(Store store, KeySealer sealer, Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        byte[] decoy = new byte[DEFAULT_SECRET_BYTES];
        random.nextBytes(decoy);
        this.decoySecret = sealer.seal(decoy, DECOY_CONTEXT);
        Arrays.fill(decoy, (byte) 0);
    }

    /** One page of an account's apps and how many it has in all. */
    public record AppPage(List<App> items, long count) {
    }

    /** What {@code GetAppCredential} returns: exactly one of the API key and the certificate (DER). */
    public record Credential(UUID appId, String secret, byte[] certificate) {
        @Override
        public String toString() {
            return "Credential[appId=" + appId + ", " + (secret != null ? "secret=***" : "certificate") + "]";
        }
    }

    /** A credential as the apps table stores it. */
    private record StoredCredential(String kind, byte[] sealedSecret, Integer masterKeyVersion, byte[] certificate) {
    }

    // ------------------------------------------------------------------ management

    public App create(Principal principal, AppSettings settings) {
        UUID acctId = accountOf(principal);
        if (settings.modGroups() != null || settings.delGroups() != null) {
            throw new BadRequestException("mod_groups and del_groups change an existing app; use add_groups");
        }
        if (settings.name() == null) {
            throw new BadRequestException("name is required");
        }
        checkName(settings.name());
        UUID appId = UUID.randomUUID();
        long now = clock.instant().getEpochSecond();
        return store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.CREATE_ADMIN_APPS);
            AppCredentialSpec spec = settings.credential() != null ? settings.credential()
                    : new AppCredentialSpec.GenerateSecret(null);
            StoredCredential credential = credential(acctId, appId, spec, settings.secretSize(), null);
            AppRecord app = new AppRecord(appId, acctId, settings.name(), settings.description(),
                    settings.appType() != null ? settings.appType() : DEFAULT_APP_TYPE, settings.appInterface(),
                    settings.enabled() == null || settings.enabled(),
                    (settings.role() != null ? settings.role() : AppRole.CRYPTO).wireName(), credential.kind(),
                    credential.sealedSecret(), credential.masterKeyVersion(), credential.certificate(), null, null,
                    creatorOf(principal), now, null);
            if (!tx.apps().insert(app)) {
                throw new ConflictException("an app with this name already exists in the account");
            }
            applyGroups(tx, acctId, appId, settings);
            return toDomain(tx, app);
        });
    }

    public AppPage list(Principal principal, int offset, int limit) {
        UUID acctId = accountOf(principal);
        return store.read(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.GET_ADMIN_APPS);
            List<App> items = tx.apps().list(acctId, null, offset, limit).stream().map(app -> toDomain(tx, app))
                    .toList();
            return new AppPage(items, tx.apps().count(acctId));
        });
    }

    public App get(Principal principal, UUID appId) {
        UUID acctId = accountOf(principal);
        return store.read(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.GET_ADMIN_APPS);
            return toDomain(tx, find(tx, acctId, appId, false));
        });
    }

    public App update(Principal principal, UUID appId, AppSettings settings) {
        UUID acctId = accountOf(principal);
        if (settings.name() != null) {
            checkName(settings.name());
        }
        return store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.UPDATE_ADMIN_APPS);
            AppRecord current = find(tx, acctId, appId, true);
            StoredCredential credential = settings.credential() == null ? stored(current)
                    : credential(acctId, appId, settings.credential(), settings.secretSize(), current);
            AppRecord updated = new AppRecord(appId, acctId, or(settings.name(), current.name()),
                    or(settings.description(), current.description()), or(settings.appType(), current.appType()),
                    or(settings.appInterface(), current.appInterface()), or(settings.enabled(), current.enabled()),
                    settings.role() != null ? settings.role().wireName() : current.role(), credential.kind(),
                    credential.sealedSecret(), credential.masterKeyVersion(), credential.certificate(),
                    current.trustedCaSubject(), current.trustedCaCertificates(), current.creator(),
                    current.createdAt(), current.lastusedAt());
            if (!tx.apps().update(updated)) {
                throw new ConflictException("an app with this name already exists in the account");
            }
            applyGroups(tx, acctId, appId, settings);
            boolean newCredential = settings.credential() != null
                    && !(settings.credential() instanceof AppCredentialSpec.ExistingSecret);
            if (newCredential || current.enabled() && !updated.enabled()) {
                tx.sessions().deleteOf(SessionKind.APP, appId);
            }
            return toDomain(tx, updated);
        });
    }

    public void delete(Principal principal, UUID appId) {
        UUID acctId = accountOf(principal);
        store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.DELETE_ADMIN_APPS);
            if (!tx.apps().delete(acctId, appId)) {
                throw new NotFoundException("app not found");
            }
            tx.sessions().deleteOf(SessionKind.APP, appId);
            return null;
        });
    }

    /** The app's credential as DSM returns it: the API key itself, or the registered certificate. */
    public Credential credential(Principal principal, UUID appId) {
        UUID acctId = accountOf(principal);
        AppRecord app = store.read(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.RETRIEVE_ADMIN_APP_SECRETS);
            return find(tx, acctId, appId, false);
        });
        if (CERTIFICATE.equals(app.credentialKind())) {
            return new Credential(appId, null, app.certificate());
        }
        byte[] secret = openSecret(app);
        try {
            return new Credential(appId, new String(secret, StandardCharsets.UTF_8), null);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Gives an API-key app a new secret ({@code size} bytes, null: the default); the old one and its sessions end now. */
    public App resetSecret(Principal principal, UUID appId, Long size) {
        UUID acctId = accountOf(principal);
        return store.transaction(tx -> {
            AccessPolicy.require(tx, principal, acctId, AccountPermission.UPDATE_ADMIN_APPS);
            AppRecord current = find(tx, acctId, appId, true);
            if (!SECRET.equals(current.credentialKind())) {
                throw new BadRequestException("this app authenticates with a certificate, not an API key");
            }
            StoredCredential secret = newSecret(acctId, appId, size);
            AppRecord updated = new AppRecord(appId, acctId, current.name(), current.description(),
                    current.appType(), current.appInterface(), current.enabled(), current.role(), SECRET,
                    secret.sealedSecret(), secret.masterKeyVersion(), null, null, null, current.creator(),
                    current.createdAt(), current.lastusedAt());
            tx.apps().update(updated);
            tx.sessions().deleteOf(SessionKind.APP, appId);
            return toDomain(tx, updated);
        });
    }

    // ------------------------------------------------------------------ authentication

    /** The app whose API key {@code secret} is; 401 for anything else, saying no more than that. */
    public AppPrincipal authenticateWithSecret(UUID appId, String secret) {
        Optional<AppRecord> app = store.read(tx -> tx.apps().byId(appId))
                .filter(found -> SECRET.equals(found.credentialKind()));
        // Without an API-key app the decoy is opened and compared instead, so both paths do the same work.
        byte[] expected = app.map(this::secretDigest)
                .orElseGet(() -> digestOfOpened(sealer.open(decoySecret, DECOY_CONTEXT)));
        boolean matches = MessageDigest.isEqual(sha256(secret.getBytes(StandardCharsets.UTF_8)), expected);
        if (!matches || app.isEmpty()) {
            throw new NotAuthenticatedException("invalid app id or API key");
        }
        return usable(app.get());
    }

    /**
     * The app registered with exactly this TLS client certificate (DER), named by {@code appId} or,
     * when that is null, found by the certificate alone. 401 without a certificate, for one that
     * is not the app's, for a disabled app and outside the certificate's validity period.
     */
    public AppPrincipal authenticateWithCertificate(UUID appId, byte[] der) {
        if (der == null) {
            throw new NotAuthenticatedException("a TLS client certificate is required");
        }
        AppRecord app;
        if (appId != null) {
            app = store.read(tx -> tx.apps().byId(appId))
                    .filter(found -> CERTIFICATE.equals(found.credentialKind())
                            && MessageDigest.isEqual(found.certificate(), der))
                    .orElseThrow(() -> new NotAuthenticatedException("the client certificate is not this app's"));
        } else {
            List<AppRecord> apps = store.read(tx -> tx.apps().byCertificate(der)).stream()
                    .filter(found -> CERTIFICATE.equals(found.credentialKind())).toList();
            if (apps.size() != 1) {
                throw new NotAuthenticatedException(apps.isEmpty() ? "no app uses this client certificate"
                        : "several apps use this client certificate; name one with Basic <app_id>:");
            }
            app = apps.get(0);
        }
        org.bouncycastle.asn1.x509.Certificate certificate = DerCertificates.parse("certificate", der);
        Instant now = clock.instant();
        if (now.isBefore(certificate.getStartDate().getDate().toInstant())
                || now.isAfter(certificate.getEndDate().getDate().toInstant())) {
            throw new NotAuthenticatedException("the client certificate is outside its validity period");
        }
        return usable(app);
    }

    private AppPrincipal usable(AppRecord app) {
        if (!app.enabled()) {
            throw new NotAuthenticatedException("the app is disabled");
        }
        long now = clock.instant().getEpochSecond();
        if (app.lastusedAt() == null || now - app.lastusedAt() >= TOUCH_INTERVAL_SECONDS) {
            store.transaction(tx -> {
                tx.apps().touch(app.appId(), now);
                return null;
            });
        }
        return new AppPrincipal(app.appId(), app.acctId(), null);
    }

    // ------------------------------------------------------------------ rules

    /** Apps live in one account: an app's own, or the account a user's session selected. */
    private static UUID accountOf(Principal principal) {
        if (principal instanceof AppPrincipal app) {
            return app.acctId();
        }
        if (principal instanceof UserPrincipal user) {
            if (user.selectedAccountId() == null) {
                throw new ForbiddenException("select an account first (POST /sys/v1/session/select_account)");
            }
            return user.selectedAccountId();
        }
        throw new ForbiddenException("apps are managed by users and admin apps");
    }

    private static Creator creatorOf(Principal principal) {
        return principal instanceof AppPrincipal app ? new Creator("app", app.appId())
                : new Creator("user", ((UserPrincipal) principal).userId());
    }

    private static AppRecord find(Tx tx, UUID acctId, UUID appId, boolean forUpdate) {
        return (forUpdate ? tx.apps().lockById(acctId, appId) : tx.apps().byId(acctId, appId))
                .orElseThrow(() -> new NotFoundException("app not found"));
    }

    /** DSM's name pattern {@code ^[^\n]*[^\s\n][^\n]*$}: one line, not only white space. */
    private static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.indexOf('\n') >= 0) {
            throw new BadRequestException("name must be one line of 1 to " + MAX_NAME_LENGTH
                    + " characters, not only white space");
        }
    }

    private StoredCredential credential(UUID acctId, UUID appId, AppCredentialSpec spec, Long secretSize,
            AppRecord current) {
        if (spec instanceof AppCredentialSpec.GenerateSecret generate) {
            return newSecret(acctId, appId, generate.size() != null ? generate.size() : secretSize);
        }
        if (spec instanceof AppCredentialSpec.ExistingSecret existing) {
            // DSM: a string "must match the existing secret configured on the app"; it keeps it.
            if (current == null || !SECRET.equals(current.credentialKind())
                    || !MessageDigest.isEqual(sha256(existing.secret().getBytes(StandardCharsets.UTF_8)),
                            secretDigest(current))) {
                throw new BadRequestException("credential.secret as a string must be the app's existing API key;"
                        + " ask for a new one with {\"size\": n}");
            }
            return stored(current);
        }
        byte[] der = ((AppCredentialSpec.Certificate) spec).der();
        DerCertificates.parse("credential.certificate", der);
        return new StoredCredential(CERTIFICATE, null, null, der.clone());
    }

    private StoredCredential newSecret(UUID acctId, UUID appId, Long size) {
        long bytes = size != null ? size : DEFAULT_SECRET_BYTES;
        if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
            throw new BadRequestException("secret size must be " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " bytes");
        }
        byte[] raw = new byte[(int) bytes];
        random.nextBytes(raw);
        byte[] secret = Base64.getUrlEncoder().withoutPadding().encode(raw);
        try {
            return new StoredCredential(SECRET, sealer.seal(secret, SealingContext.appSecret(acctId, appId)),
                    sealer.currentVersion(), null);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static StoredCredential stored(AppRecord app) {
        return new StoredCredential(app.credentialKind(), app.sealedSecret(), app.masterKeyVersion(),
                app.certificate());
    }

    private byte[] openSecret(AppRecord app) {
        return sealer.open(app.sealedSecret(), SealingContext.appSecret(app.acctId(), app.appId()));
    }

    private byte[] secretDigest(AppRecord app) {
        return digestOfOpened(openSecret(app));
    }

    /** The SHA-256 of an opened secret, which is then zeroed. */
    private static byte[] digestOfOpened(byte[] plain) {
        try {
            return sha256(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Applies add_groups, mod_groups, del_groups and default_group. Every group named must be one
     * of the account's (another account's answers as missing); mod and del need a membership;
     * the default group must be one of the app's groups afterwards.
     */
    private static void applyGroups(Tx tx, UUID acctId, UUID appId, AppSettings settings) {
        Map<UUID, Set<AppPermission>> add = or(settings.addGroups(), Map.of());
        Map<UUID, Set<AppPermission>> mod = or(settings.modGroups(), Map.of());
        Set<UUID> del = or(settings.delGroups(), Set.of());
        Set<UUID> named = new HashSet<>(add.keySet());
        named.addAll(mod.keySet());
        named.addAll(del);
        if (settings.defaultGroup() != null) {
            named.add(settings.defaultGroup());
        }
        for (UUID groupId : named) {
            if (tx.groups().byId(acctId, groupId).isEmpty()) {
                throw new NotFoundException("group " + groupId + " not found");
            }
        }
        Map<UUID, AppGroupRecord> memberships = tx.appGroups().of(appId).stream()
                .collect(Collectors.toMap(AppGroupRecord::groupId, Function.identity()));
        for (UUID groupId : del) {
            if (add.containsKey(groupId) || mod.containsKey(groupId)) {
                throw new BadRequestException("group " + groupId + " is both added and removed");
            }
            if (!tx.appGroups().remove(appId, groupId)) {
                throw new BadRequestException("del_groups: the app is not in group " + groupId);
            }
            memberships.remove(groupId);
        }
        Map<UUID, Set<AppPermission>> put = new LinkedHashMap<>(add);
        mod.forEach((groupId, permissions) -> {
            if (!memberships.containsKey(groupId) && !add.containsKey(groupId)) {
                throw new BadRequestException("mod_groups: the app is not in group " + groupId);
            }
            put.put(groupId, permissions);
        });
        UUID defaultGroup = settings.defaultGroup();
        if (defaultGroup != null && !put.containsKey(defaultGroup)) {
            AppGroupRecord membership = memberships.get(defaultGroup);
            if (membership == null) {
                throw new BadRequestException("default_group must be one of the app's groups");
            }
            put.put(defaultGroup, permissionsOf(membership));
        }
        put.forEach((groupId, permissions) -> {
            boolean isDefault = defaultGroup != null ? groupId.equals(defaultGroup)
                    : memberships.containsKey(groupId) && memberships.get(groupId).isDefault();
            Set<AppPermission> granted = EnumSet.noneOf(AppPermission.class);
            granted.addAll(permissions != null ? permissions : EnumSet.allOf(AppPermission.class));
            tx.appGroups().put(acctId, new AppGroupRecord(appId, groupId, granted.stream().map(Enum::name).toList(),
                    isDefault));
        });
    }

    private static Set<AppPermission> permissionsOf(AppGroupRecord membership) {
        Set<AppPermission> permissions = EnumSet.noneOf(AppPermission.class);
        membership.permissions().forEach(name -> permissions.add(AppPermission.valueOf(name)));
        return permissions;
    }

    private App toDomain(Tx tx, AppRecord app) {
        Map<UUID, Set<AppPermission>> groups = new LinkedHashMap<>();
        UUID defaultGroup = null;
        for (AppGroupRecord membership : tx.appGroups().of(app.appId())) {
            groups.put(membership.groupId(), permissionsOf(membership));
            if (membership.isDefault()) {
                defaultGroup = membership.groupId();
            }
        }
        boolean usesCertificate = CERTIFICATE.equals(app.credentialKind());
        Instant certNotAfter = usesCertificate
                ? DerCertificates.parse("certificate", app.certificate()).getEndDate().getDate().toInstant() : null;
        return new App(app.appId(), app.acctId(), app.name(), app.description(), app.appType(), app.appInterface(),
                AppRole.fromWireName(app.role()).orElseThrow(), app.enabled(), groups, defaultGroup,
                usesCertificate ? App.AppAuth.CERTIFICATE : App.AppAuth.SECRET, certNotAfter,
                new App.Creator("app".equals(app.creator().kind()), app.creator().id()),
                Instant.ofEpochSecond(app.createdAt()),
                app.lastusedAt() == null ? null : Instant.ofEpochSecond(app.lastusedAt()));
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
