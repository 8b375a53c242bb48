package coffer.gateway.console;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for what a person signs up with: an e-mail address and a password (docs/console.md). */
final class Credentials {
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 256;
    static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private Credentials() {
    }

    /** The address as stored (surrounding blanks dropped, lower case); 400 InvalidEmail when it is not one. */
    static String email(String given) {
        if (given == null || given.isBlank()) {
            throw ConsoleException.badField("InvalidEmail", "email", "enter your e-mail address");
        }
        String email = given.strip().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches() || email.startsWith(".")
                || email.contains("..") || email.contains(".@")) {
            throw ConsoleException.badField("InvalidEmail", "email",
                    "this is not an e-mail address we can use (name@example.com)");
        }
        return email;
    }

    /** A new password; 400 InvalidPassword when it is too short, too long or blank. */
    static char[] newPassword(String given) {
        if (given == null || given.length() < MIN_PASSWORD || given.isBlank()) {
            throw ConsoleException.badField("InvalidPassword", "password",
                    "the password must have at least " + MIN_PASSWORD + " characters");
        }
        if (given.length() > MAX_PASSWORD) {
            throw ConsoleException.badField("InvalidPassword", "password",
                    "the password must have at most " + MAX_PASSWORD + " characters");
        }
        return given.toCharArray();
    }

    /** A password given at sign-in: only its presence and length are checked (an over-long one cannot match). */
    static char[] password(String given) {
        if (given == null || given.isEmpty()) {
            throw ConsoleException.badField("InvalidPassword", "password", "enter your password");
        }
        return given.length() > MAX_PASSWORD ? new char[0] : given.toCharArray();
    }
}
