package io.replikey.wire;

import java.util.List;
import java.util.UUID;

/** A user as DSM returns it; {@code account_role}, {@code mfa_devices} and {@code u2f_devices} are required. */
public record User(UUID userId, String userEmail, String firstName, String lastName, List<String> accountRole,
        List<Object> mfaDevices, List<Object> u2fDevices, String createdAt, String lastLoggedInAt,
        Boolean hasPassword, Boolean emailVerified) {
}
