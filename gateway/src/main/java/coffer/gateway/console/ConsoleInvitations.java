package coffer.gateway.console;

import coffer.gateway.admin.ConsoleLinks;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One-time console links kept in {@code console_invitation} (V43; docs/console.md, "Invitations and claim links"):
 * invitations to sign up (made by the admin API, for {@code --console-signup invite}) and the claim links of
 * restored legacy accounts (made by the admin API's restore), with which their owner sets a password. The token is
 * 32 random bytes, only its SHA-256 is stored; it travels in the URL's fragment ({@code #...}), which browsers never
 * send to a server, so it reaches no access log or Referer. Thread-safe.
 */
public final class ConsoleInvitations implements ConsoleLinks {
    static final String INVITE = "invite";
    static final String CLAIM = "claim";

    /** A stored invitation or claim. */
    record Invitation(String kind, String email, Long accountId, Instant expires, Instant used) {
    }

    private final DataSource db;
    private final Clock clock;
    private final Tokens tokens;
    private final Supplier<String> consoleUrl;

    /** {@code consoleUrl}: the console's address as people reach it, without a trailing slash. */
    public ConsoleInvitations(DataSource db, Clock clock, SecureRandom random, Supplier<String> consoleUrl) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new Tokens(random);
        this.consoleUrl = Objects.requireNonNull(consoleUrl, "consoleUrl");
    }

    /** A sign-up invitation, for {@code email} only when given (checked like a sign-up's address). */
    @Override
    public Link invite(String email, Duration validity) {
        String bound;
        try {
            bound = email == null || email.isBlank() ? null : Credentials.email(email);
        } catch (ConsoleException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        String token = insert(INVITE, bound, null, validity);
        return new Link(consoleUrl.get() + "/signup#invitation=" + token, clock.instant().plus(validity));
    }

    /** A claim link for a restored account; its owner signs in with {@code email} and the password they set. */
    @Override
    public Link claim(long accountId, String email, Duration validity) {
        String token = insert(CLAIM, email.strip().toLowerCase(Locale.ROOT), accountId, validity);
        return new Link(consoleUrl.get() + "/claim#" + token, clock.instant().plus(validity));
    }

    private String insert(String kind, String email, Long accountId, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a link must be valid for some time");
        }
        String token = tokens.fresh();
        Instant now = clock.instant();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO console_invitation (token_hash, kind, email,"
                     + " account_id, created, expires) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setBytes(1, Tokens.hash(token));
            s.setString(2, kind);
            s.setString(3, email);
            s.setObject(4, accountId);
            s.setTimestamp(5, Timestamp.from(now));
            s.setTimestamp(6, Timestamp.from(now.plus(validity)));
            s.executeUpdate();
            return token;
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    /**
     * The usable invitation of {@code kind} the token names: 403 InvalidInvitation (unknown, malformed, another
     * kind), InvitationUsed, InvitationExpired.
     */
    Invitation usable(String token, String kind) {
        if (!Tokens.wellFormed(token)) {
            throw invalid();
        }
        Invitation found = find(Tokens.hash(token)).filter(i -> i.kind().equals(kind)).orElseThrow(
                ConsoleInvitations::invalid);
        if (found.used() != null) {
            throw used();
        }
        if (!found.expires().isAfter(clock.instant())) {
            throw new ConsoleException(403, "InvitationExpired", "this link has expired; ask for a new one", null);
        }
        return found;
    }

    /** Spends the link, once: false when it was spent (or expired) meanwhile. */
    boolean spend(String token) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE console_invitation SET used = ?"
                     + " WHERE token_hash = ? AND used IS NULL AND expires > ?")) {
            Timestamp now = Timestamp.from(clock.instant());
            s.setTimestamp(1, now);
            s.setBytes(2, Tokens.hash(token));
            s.setTimestamp(3, now);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    private Optional<Invitation> find(byte[] tokenHash) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT kind, email, account_id, expires, used"
                     + " FROM console_invitation WHERE token_hash = ?")) {
            s.setBytes(1, tokenHash);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                long account = r.getLong(3);
                Long accountId = r.wasNull() ? null : account;
                Timestamp used = r.getTimestamp(5);
                return Optional.of(new Invitation(r.getString(1), r.getString(2), accountId,
                        r.getTimestamp(4).toInstant(), used == null ? null : used.toInstant()));
            }
        } catch (SQLException e) {
            throw ConsoleException.unavailable(e);
        }
    }

    static ConsoleException invalid() {
        return new ConsoleException(403, "InvalidInvitation", "this link is not valid; check that you copied all of"
                + " it", null);
    }

    static ConsoleException used() {
        return new ConsoleException(403, "InvitationUsed", "this link has been used already", null);
    }
}
