package coffer.gateway.console;

import java.time.Duration;

/**
 * The console's two cookies. {@code coffer_session}: the session token, HttpOnly. {@code coffer_csrf}: the CSRF
 * token, readable by the page's script, which sends it back in the {@code X-Coffer-CSRF} header. Both SameSite=Strict,
 * Path=/, Secure when the request came over HTTPS.
 */
final class Cookies {
    static final String SESSION = "coffer_session";
    static final String CSRF = "coffer_csrf";
    static final String CSRF_HEADER = "X-Coffer-CSRF";

    private Cookies() {
    }

    static String session(String token, Duration lifetime, boolean secure) {
        return SESSION + "=" + token + "; Path=/; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String csrf(String token, Duration lifetime, boolean secure) {
        return CSRF + "=" + token + "; Path=/; Max-Age=" + lifetime.toSeconds() + "; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String clearSession(boolean secure) {
        return SESSION + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
