package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MultivaluedMap;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Before every console request: finds the session its {@code coffer_session} cookie names (a request property for
 * the resources), and refuses every state change (any method but GET, HEAD, OPTIONS) without the right CSRF token in
 * {@code X-Coffer-CSRF}: within a session the token whose hash the session holds; before one (sign-up, sign-in) the
 * value of the {@code coffer_csrf} cookie (double submit). After every request: the security headers (a strict
 * Content-Security-Policy, no framing, no sniffing, no referrer, no caching of API answers and pages).
 */
final class ConsoleFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final String SESSION_PROPERTY = "coffer.console.session";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final ConsoleAuth auth;
    private final ConsoleJson json;

    ConsoleFilter(ConsoleAuth auth, ConsoleJson json) {
        this.auth = auth;
        this.json = json;
    }

    /** The request's live session, if its cookie names one. */
    static Optional<Session> session(ContainerRequestContext request) {
        return Optional.ofNullable((Session) request.getProperty(SESSION_PROPERTY));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            Cookie cookie = request.getCookies().get(Cookies.SESSION);
            Optional<Session> session = cookie == null ? Optional.empty() : auth.session(cookie.getValue());
            session.ifPresent(s -> request.setProperty(SESSION_PROPERTY, s));
            if (!SAFE.contains(request.getMethod())) {
                checkCsrf(request, session);
            }
        } catch (ConsoleException e) {
            request.abortWith(json.error(e));
        }
    }

    private static void checkCsrf(ContainerRequestContext request, Optional<Session> session) {
        String header = request.getHeaderString(Cookies.CSRF_HEADER);
        if (header == null || header.isEmpty()) {
            throw new ConsoleException(403, "CsrfTokenMissing",
                    "the request has no " + Cookies.CSRF_HEADER + " header; reload the page", null);
        }
        boolean valid;
        if (session.isPresent()) {
            valid = MessageDigest.isEqual(Tokens.hash(header), session.get().csrfHash());
        } else {
            Cookie cookie = request.getCookies().get(Cookies.CSRF);
            valid = cookie != null && Tokens.wellFormed(cookie.getValue()) && Tokens.same(header, cookie.getValue());
        }
        if (!valid) {
            throw new ConsoleException(403, "CsrfTokenInvalid",
                    "the request's " + Cookies.CSRF_HEADER + " token is not this session's; reload the page", null);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!headers.containsKey("Content-Security-Policy")) {
            headers.putSingle("Content-Security-Policy", CSP); // a shared file's answer brings its own, stricter
        }
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Cross-Origin-Opener-Policy", "same-origin");
        if (!headers.containsKey("Cache-Control")) {
            headers.putSingle("Cache-Control", "no-store");
        }
    }
}
