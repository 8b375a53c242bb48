package coffer.gateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The web console (docs/console.md): whether it is served, on which port (bound to the S3 port's {@code --bind}),
 * who may sign up, and how sign-in failures are throttled. {@code coffer serve} builds it from
 * {@link GatewaySettings#CONSOLE_ENABLED}, {@link GatewaySettings#CONSOLE_PORT} and
 * {@link GatewaySettings#CONSOLE_SIGNUP}; {@link ServerConfig#builder()} leaves it {@link #OFF} so that an embedded
 * or test gateway never binds port 9002 unless asked to. The throttle is not a setting: tests lower it.
 *
 * @param enabled whether the console port is served
 * @param port    the console port; 0 picks a free one
 * @param signUp  who may sign up
 * @param signIn  the sign-in throttle (also for share-link passwords)
 * @param publicUrl  the S3 address people's clients use ({@code --public-url}); null: the S3 port's own address
 * @param consoleUrl the console's address in invitation and claim links ({@code --console-url}); null: the console
 *                   port on the host of the public address
 */
public record ConsoleConfig(boolean enabled, int port, SignUp signUp, SignInLimits signIn, String publicUrl,
                            String consoleUrl) {
    /** No console. */
    public static final ConsoleConfig OFF = new ConsoleConfig(false, 0, SignUp.OPEN, SignInLimits.DEFAULTS);

    public ConsoleConfig {
        Objects.requireNonNull(signUp, "signUp");
        Objects.requireNonNull(signIn, "signIn");
        GatewaySettings.CONSOLE_PORT.require(port);
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl.strip());
        consoleUrl = consoleUrl == null || consoleUrl.isBlank() ? null : stripSlash(consoleUrl.strip());
    }

    public ConsoleConfig(boolean enabled, int port, SignUp signUp, SignInLimits signIn) {
        this(enabled, port, signUp, signIn, null, null);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public ConsoleConfig withUrls(String publicAddress, String consoleAddress) {
        return new ConsoleConfig(enabled, port, signUp, signIn, publicAddress, consoleAddress);
    }

    /** On, on a free port, open sign-up, the default throttle: for tests. */
    public static ConsoleConfig ephemeral() {
        return new ConsoleConfig(true, 0, SignUp.OPEN, SignInLimits.DEFAULTS);
    }

    public ConsoleConfig withSignUp(SignUp mode) {
        return new ConsoleConfig(enabled, port, mode, signIn, publicUrl, consoleUrl);
    }

    public ConsoleConfig withSignIn(SignInLimits limits) {
        return new ConsoleConfig(enabled, port, signUp, limits, publicUrl, consoleUrl);
    }

    /** {@code --console-signup}. */
    public enum SignUp {
        OPEN, INVITE, OFF;

        /** From the setting's value ({@code open}, {@code invite}, {@code off}). */
        public static SignUp of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Sign-in throttling: once {@code perAccount} failed sign-ins of one account, or {@code perAddress} failed
     * sign-ins from one client address, fall within {@code window}, further sign-ins (even correct ones) are refused
     * until the window that began with the first of those failures has passed.
     */
    public record SignInLimits(int perAccount, int perAddress, Duration window) {
        public static final SignInLimits DEFAULTS = new SignInLimits(5, 20, Duration.ofMinutes(15));

        public SignInLimits {
            Objects.requireNonNull(window, "window");
            if (perAccount < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("sign-in limits must be positive");
            }
        }
    }
}
