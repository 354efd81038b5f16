package io.replikey.server.http;

import io.replikey.server.access.AppPermission;
import io.replikey.server.access.AppRole;
import io.replikey.server.domain.App;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.service.AppCredentialSpec;
import io.replikey.server.service.AppService;
import io.replikey.server.service.AppSettings;
import io.replikey.wire.AppAuthType;
import io.replikey.wire.AppCredential;
import io.replikey.wire.AppCredentialRequest;
import io.replikey.wire.AppCredentialResponse;
import io.replikey.wire.AppGroups;
import io.replikey.wire.AppRequest;
import io.replikey.wire.Principal;
import io.replikey.wire.WireTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Apps between the DSM wire and the domain. An app's secret has a wire form only in its credential. Stateless. */
final class AppWire {
    private AppWire() {
    }

    static AppSettings settings(AppRequest request) {
        return new AppSettings(request.name(), request.description(), request.appType(), request.appInterface(),
                request.role() == null ? null : AppRole.valueOf(request.role().name()), request.enabled(),
                credential(request.credential()), groups("add_groups", request.addGroups()),
                groups("mod_groups", request.modGroups()), delGroups(request.delGroups()), request.defaultGroup(),
                request.secretSize());
    }

    private static AppCredentialSpec credential(AppCredentialRequest request) {
        if (request == null) {
            return null;
        }
        if (request.trustedca() != null) {
            throw new BadRequestException("not supported by replikey: credential.trustedca");
        }
        if ((request.secret() == null) == (request.certificate() == null)) {
            throw new BadRequestException("credential must be exactly one of secret and certificate");
        }
        if (request.certificate() != null) {
            return new AppCredentialSpec.Certificate(request.certificate());
        }
        return request.secret().existing() != null ? new AppCredentialSpec.ExistingSecret(request.secret().existing())
                : new AppCredentialSpec.GenerateSecret(request.secret().size());
    }

    /** DSM's permissions per group; a group given without permissions (the array form) maps to null. */
    private static Map<UUID, Set<AppPermission>> groups(String field, AppGroups groups) {
        if (groups == null) {
            return null;
        }
        Map<UUID, Set<AppPermission>> domain = new LinkedHashMap<>();
        groups.permissions().forEach((groupId, permissions) -> {
            if (groupId == null) {
                throw new BadRequestException(field + " has a null group id");
            }
            domain.put(groupId, permissions == null ? null : permissions(field, permissions));
        });
        return domain;
    }

    private static Set<AppPermission> permissions(String field, List<io.replikey.wire.AppPermission> permissions) {
        Set<AppPermission> domain = EnumSet.noneOf(AppPermission.class);
        for (io.replikey.wire.AppPermission permission : permissions) {
            if (permission == null) {
                throw new BadRequestException(field + " has a null permission");
            }
            try {
                domain.add(AppPermission.valueOf(permission.name()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("not supported by replikey: " + field + " permission " + permission);
            }
        }
        return domain;
    }

    private static Set<UUID> delGroups(List<UUID> groupIds) {
        if (groupIds == null) {
            return null;
        }
        Set<UUID> unique = new LinkedHashSet<>(groupIds);
        if (unique.contains(null) || unique.size() != groupIds.size()) {
            throw new BadRequestException("del_groups must be distinct group ids");
        }
        return unique;
    }

    static io.replikey.wire.App toWire(App app) {
        Map<UUID, List<io.replikey.wire.AppPermission>> groups = new LinkedHashMap<>();
        app.groups().forEach((groupId, permissions) -> groups.put(groupId, permissions.stream()
                .map(permission -> io.replikey.wire.AppPermission.valueOf(permission.name())).toList()));
        return new io.replikey.wire.App(app.acctId(), app.appId(), app.name(), app.description(), app.appType(),
                app.appInterface(), io.replikey.wire.AppRole.valueOf(app.role().name()), app.enabled(),
                new AppGroups(groups), app.defaultGroup(),
                app.auth() == App.AppAuth.CERTIFICATE ? AppAuthType.Certificate : AppAuthType.Secret,
                WireTime.format(app.createdAt().getEpochSecond()),
                app.lastusedAt() == null ? null : WireTime.format(app.lastusedAt().getEpochSecond()),
                app.certNotAfter() == null ? null : WireTime.format(app.certNotAfter().getEpochSecond()),
                app.creator().isApp() ? Principal.app(app.creator().id()) : Principal.user(app.creator().id()),
                Map.of(), io.replikey.wire.App.ALLOW_ALL, Map.of(), false);
    }

    static AppCredentialResponse toWire(AppService.Credential credential) {
        return new AppCredentialResponse(credential.appId(), credential.secret() != null
                ? AppCredential.ofSecret(credential.secret()) : AppCredential.ofCertificate(credential.certificate()));
    }
}
