package io.replikey.wire;

/** Body of {@code POST /sys/v1/users}. */
public record SignupRequest(String userEmail, String userPassword, String recaptchaResponse, String firstName,
        String lastName) {
}
