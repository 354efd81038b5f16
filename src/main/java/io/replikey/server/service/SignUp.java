package io.replikey.server.service;

/** Sign a new user up. The service validates every field. */
public record SignUp(String userEmail, String userPassword, String firstName, String lastName) {
    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "SignUp[userEmail=" + userEmail + ", userPassword=***, firstName=" + firstName + ", lastName="
                + lastName + "]";
    }
}
