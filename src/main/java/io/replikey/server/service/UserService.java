package io.replikey.server.service;

import io.replikey.server.access.AccountRole;
import io.replikey.server.crypto.PasswordHasher;
import io.replikey.server.domain.User;
import io.replikey.server.error.BadRequestException;
import io.replikey.server.error.ConflictException;
import io.replikey.server.error.ForbiddenException;
import io.replikey.server.error.NotFoundException;
import io.replikey.server.identity.Principal;
import io.replikey.server.identity.UserPrincipal;
import io.replikey.server.store.Store;
import io.replikey.server.store.UserRecord;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * User sign-up and lookup. Passwords are stored only as Argon2id hashes. Thread-safe.
 */
public final class UserService {
    /** Deliberately simple: one @, no spaces, a dot in the domain. Full RFC 5322 is not worth it. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_PASSWORD_LENGTH = 1024;
    private static final int MAX_NAME_LENGTH = 255;

    private final Store store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final boolean signupOpen;

    public UserService(Store store, PasswordHasher hasher, Clock clock, boolean signupOpen) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.signupOpen = signupOpen;
    }

    /** Creates a user; the email is stored and compared in its {@link Emails#canonical} form. */
    public User signup(SignUp request) {
        if (!signupOpen) {
            throw new ForbiddenException("sign-up is closed on this server");
        }
        if (request.userEmail() == null || request.userPassword() == null) {
            throw new BadRequestException("user_email and user_password are required");
        }
        String email = Emails.canonical(request.userEmail());
        if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
            throw new BadRequestException("user_email is not a valid email address");
        }
        String password = request.userPassword();
        if (password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new BadRequestException("user_password must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters");
        }
        checkName("first_name", request.firstName());
        checkName("last_name", request.lastName());
        UserRecord user = new UserRecord(UUID.randomUUID(), email, hasher.hash(password), request.firstName(),
                request.lastName(), clock.instant().getEpochSecond(), null, 0, 0);
        if (!store.transaction(tx -> tx.users().insert(user))) {
            throw new ConflictException("a user with this email already exists");
        }
        return user.toUser();
    }

    /** A user with their roles in the session's selected account (empty when none is selected). */
    public record UserView(User user, List<AccountRole> roles) {
    }

    /** A user may read only their own record; anyone else's (and any app's request) answers as missing. */
    public UserView get(Principal principal, UUID userId) {
        if (!(principal instanceof UserPrincipal self) || !self.userId().equals(userId)) {
            throw new NotFoundException("user not found");
        }
        return store.read(tx -> {
            UserRecord user = tx.users().byId(userId).orElseThrow(() -> new NotFoundException("user not found"));
            List<AccountRole> roles = self.selectedAccountId() == null ? List.of()
                    : tx.accounts().roleOf(self.selectedAccountId(), userId).map(List::of).orElse(List.of());
            return new UserView(user.toUser(), roles);
        });
    }

    private static void checkName(String field, String value) {
        if (value != null && value.length() > MAX_NAME_LENGTH) {
            throw new BadRequestException(field + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }
}
