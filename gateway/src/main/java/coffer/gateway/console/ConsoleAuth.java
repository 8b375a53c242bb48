package coffer.gateway.console;

import coffer.gateway.config.ConsoleConfig;
import coffer.gateway.console.ConsoleSessions.Session;
import coffer.gateway.console.ConsoleUsers.User;
import coffer.storage.StoreException;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.AccountState;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.CreatedAccount;
import coffer.storage.accounts.NewAccount;
import coffer.storage.accounts.Plan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, sign-in, sessions and sign-out (docs/console.md). A sign-up creates a {@code free} account through
 * {@link Accounts} (so with its usage row and quota) and its console user; a sign-in checks the Argon2id hash under
 * the per-address and per-account throttles; both open a session. Thread-safe.
 */
final class ConsoleAuth {
    static final Duration SESSION_LIFETIME = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAuth.class);
    private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** What a sign-up or sign-in hands the browser: both tokens (only here in the clear) and who signed in. */
    record SignedIn(String sessionToken, String csrfToken, long userId, String email, long accountId) {
        @Override
        public String toString() {
            return "SignedIn[userId=" + userId + "]";
        }
    }

    private final ConsoleConfig config;
    private final Accounts accounts;
    private final ConsoleUsers users;
    private final ConsoleSessions sessions;
    private final PasswordHasher hasher;
    private final AddressThrottle addresses;
    private final Tokens tokens;
    private final ConsoleInvitations invitations;
    private final SecureRandom random;
    private final Clock clock;

    ConsoleAuth(ConsoleConfig config, Accounts accounts, ConsoleUsers users, ConsoleSessions sessions,
                ConsoleInvitations invitations, SecureRandom random, Clock clock) {
        this.invitations = invitations;
        this.config = config;
        this.accounts = accounts;
        this.users = users;
        this.sessions = sessions;
        this.hasher = new PasswordHasher(random);
        this.addresses = new AddressThrottle(config.signIn());
        this.tokens = new Tokens(random);
        this.random = random;
        this.clock = clock;
    }

    PasswordHasher hasher() {
        return hasher;
    }

    Tokens tokens() {
        return tokens;
    }

    SignedIn signUp(String givenEmail, String givenPassword, String invitation) {
        switch (config.signUp()) {
            case OFF -> throw new ConsoleException(403, "SignUpClosed", "sign-up is closed on this service", null);
            case INVITE -> {
                if (invitation == null || invitation.isBlank()) {
                    throw new ConsoleException(403, "SignUpByInvitation",
                            "sign-up needs an invitation link on this service", null);
                }
            }
            case OPEN -> invitation = null; // open sign-up does not spend an invitation
        }
        String email = Credentials.email(givenEmail);
        if (invitation != null) {
            ConsoleInvitations.Invitation invited = invitations.usable(invitation, ConsoleInvitations.INVITE);
            if (invited.email() != null && !invited.email().equals(email)) {
                throw new ConsoleException(403, "InvitationForAnotherAddress",
                        "this invitation is for another e-mail address", "email");
            }
        }
        char[] password = Credentials.newPassword(givenPassword);
        String hash;
        try {
            hash = hasher.hash(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        Instant now = clock.instant();
        long userId = users.insert(email, hash, now).orElseThrow(() -> new ConsoleException(409, "EmailTaken",
                "an account with this e-mail address exists already; sign in instead", "email"));
        long accountId;
        try {
            if (invitation != null && !invitations.spend(invitation)) {
                throw ConsoleInvitations.used();
            }
            accountId = createAccount(userId, email);
        } catch (RuntimeException e) {
            users.delete(userId);
            throw e;
        }
        LOG.info("console sign-up: user {} with account {}", userId, accountId);
        return open(userId, email, accountId, now);
    }

    /**
     * Claims a restored legacy account with its one-time link: a console user with the account's e-mail address and
     * the password given, linked to that account (plan and all as restored), and a session.
     */
    SignedIn claim(String token, String givenPassword) {
        ConsoleInvitations.Invitation claim = invitations.usable(token, ConsoleInvitations.CLAIM);
        char[] password = Credentials.newPassword(givenPassword);
        String hash;
        try {
            hash = hasher.hash(password);
        } finally {
            Arrays.fill(password, '\0');
        }
        Instant now = clock.instant();
        long userId = users.insert(claim.email(), hash, now).orElseThrow(() -> new ConsoleException(409,
                "EmailTaken", "this e-mail address has a console sign-in already; sign in instead", null));
        try {
            if (!invitations.spend(token)) {
                throw ConsoleInvitations.used();
            }
            users.linkAccount(userId, claim.accountId());
        } catch (RuntimeException e) {
            users.delete(userId);
            throw e;
        }
        LOG.info("console claim: user {} took over restored account {}", userId, claim.accountId());
        return open(userId, claim.email(), claim.accountId(), now);
    }

    SignedIn signIn(String givenEmail, String givenPassword, String address) {
        Instant now = clock.instant();
        if (givenEmail == null || givenEmail.isBlank()) {
            throw ConsoleException.badField("InvalidEmail", "email", "enter your e-mail address");
        }
        char[] password = Credentials.password(givenPassword);
        try {
            long addressWait = addresses.blockedFor(address, now);
            if (addressWait > 0) {
                throw ConsoleException.throttled(addressWait);
            }
            String email = givenEmail.strip().toLowerCase(java.util.Locale.ROOT);
            Optional<User> found = email.length() > Credentials.MAX_EMAIL ? Optional.empty() : users.findByEmail(email);
            if (found.isEmpty()) {
                hasher.verifyNobody(password);
                addresses.failed(address, now);
                throw wrongCredentials();
            }
            User user = found.get();
            Instant windowStart = now.minus(config.signIn().window());
            if (user.failedSignIns() >= config.signIn().perAccount() && user.failuresSince() != null
                    && user.failuresSince().isAfter(windowStart)) {
                throw ConsoleException.throttled(AddressThrottle.secondsLeft(user.failuresSince(), now,
                        config.signIn().window()));
            }
            if (!hasher.verify(password, user.passwordHash())) {
                addresses.failed(address, now);
                users.recordFailure(user.id(), now, windowStart);
                throw wrongCredentials();
            }
            if (user.failedSignIns() > 0) {
                users.clearFailures(user.id());
            }
            long accountId = user.accountId() != null ? user.accountId() : createAccount(user.id(), user.email());
            AccountInfo account = accounts.findById(accountId).orElseThrow(ConsoleException::unavailable);
            if (account.state() == AccountState.DELETED) {
                throw new ConsoleException(403, "AccountClosed", "this account has been closed", null);
            }
            sessions.purgeExpired(now);
            return open(user.id(), user.email(), accountId, now);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The session the cookie token names, if live. */
    Optional<Session> session(String cookieToken) {
        if (!Tokens.wellFormed(cookieToken)) {
            return Optional.empty();
        }
        return sessions.find(Tokens.hash(cookieToken), clock.instant());
    }

    void signOut(Session session) {
        sessions.delete(session.tokenHash());
    }

    int signOutEverywhere(Session session) {
        return sessions.deleteAll(session.userId());
    }

    private SignedIn open(long userId, String email, long accountId, Instant now) {
        String sessionToken = tokens.fresh();
        String csrfToken = tokens.fresh();
        sessions.create(Tokens.hash(sessionToken), userId, Tokens.hash(csrfToken), now, now.plus(SESSION_LIFETIME));
        return new SignedIn(sessionToken, csrfToken, userId, email, accountId);
    }

    /**
     * Creates the user's {@code free} account (a generated name, the e-mail as display name and address) and links
     * it. The account's first access key, whose secret nobody saw, is revoked at once: keys are made on the devices
     * page, where their secret is shown.
     */
    private long createAccount(long userId, String email) {
        for (int attempt = 0; ; attempt++) {
            try {
                CreatedAccount created = accounts.create(new NewAccount(accountName(), email, email, Plan.FREE, null,
                        null, null));
                accounts.revokeKey(created.key().accessKeyId());
                users.linkAccount(userId, created.account().id());
                return created.account().id();
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.ACCOUNT_ALREADY_EXISTS && attempt < 3) {
                    continue;
                }
                if (e.reason() == StoreException.Reason.UNAVAILABLE) {
                    throw ConsoleException.unavailable();
                }
                throw e;
            }
        }
    }

    private String accountName() {
        StringBuilder name = new StringBuilder("user-");
        for (int i = 0; i < 12; i++) {
            name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }

    private static ConsoleException wrongCredentials() {
        return new ConsoleException(401, "InvalidCredentials", "wrong e-mail address or password", null);
    }
}
