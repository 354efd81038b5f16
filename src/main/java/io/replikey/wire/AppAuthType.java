package io.replikey.wire;

/**
 * DSM {@code AppAuthTypeVariants}: how an app authenticates ({@code auth_type}), one of
 * {@code OneAppAuthType} or {@code All} (a TLS credential combined with another one).
 */
public enum AppAuthType {
    Secret, GoogleServiceAccount, SignedJwt, Ldap, AwsIam, AwsXks, GoogleWorkspaceCSE, Certificate, TrustedCa, All
}
