package coffer.gateway.console;

import coffer.gateway.console.ConsoleAuth.SignedIn;
import coffer.gateway.console.ConsoleSessions.Session;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.Accounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The console API's sign-up, sign-in, session check and sign-out (docs/console.md, "API"). Every POST has passed
 * {@link ConsoleFilter}'s CSRF check.
 */
@Path("/api")
public final class AuthResource {
    private final ConsoleAuth auth;
    private final Accounts accounts;
    private final ConsoleJson json;

    AuthResource(ConsoleAuth auth, Accounts accounts, ConsoleJson json) {
        this.auth = auth;
        this.accounts = accounts;
        this.json = json;
    }

    @POST
    @Path("signup")
    public Response signUp(InputStream body, @Context org.eclipse.jetty.server.Request jetty) {
        JsonNode request = json.readObject(body);
        SignedIn in = auth.signUp(ConsoleJson.text(request, "email"), ConsoleJson.text(request, "password"),
                ConsoleJson.text(request, "invitation"));
        return signedIn(201, in, jetty.isSecure());
    }

    /** {@code {"token", "password"}}: claims a restored legacy account with its one-time link. */
    @POST
    @Path("claim")
    public Response claim(InputStream body, @Context org.eclipse.jetty.server.Request jetty) {
        JsonNode request = json.readObject(body);
        SignedIn in = auth.claim(ConsoleJson.text(request, "token"), ConsoleJson.text(request, "password"));
        return signedIn(201, in, jetty.isSecure());
    }

    @POST
    @Path("signin")
    public Response signIn(InputStream body, @Context org.eclipse.jetty.server.Request jetty) {
        JsonNode request = json.readObject(body);
        SignedIn in = auth.signIn(ConsoleJson.text(request, "email"), ConsoleJson.text(request, "password"),
                org.eclipse.jetty.server.Request.getRemoteAddr(jetty));
        return signedIn(200, in, jetty.isSecure());
    }

    /** Who is signed in; 401 NoSession otherwise. Hands out a CSRF cookie for the sign-in and sign-up forms. */
    @GET
    @Path("session")
    public Response session(@Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        Session session = ConsoleFilter.session(request).orElse(null);
        if (session == null) {
            Response.ResponseBuilder answer = Response.status(401);
            preSessionCsrf(request, jetty.isSecure()).ifPresent(c -> answer.header("Set-Cookie", c));
            return json.answer(answer, json.errorBody(ConsoleException.noSession()));
        }
        return json.answer(200, who(session.email(), session.accountId()));
    }

    @POST
    @Path("signout")
    public Response signOut(@Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        auth.signOut(ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession));
        return Response.noContent().header("Set-Cookie", Cookies.clearSession(jetty.isSecure())).build();
    }

    /** Ends every session of the signed-in user, this one included. */
    @POST
    @Path("signout-everywhere")
    public Response signOutEverywhere(@Context ContainerRequestContext request,
                                      @Context org.eclipse.jetty.server.Request jetty) {
        int ended = auth.signOutEverywhere(ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession));
        ObjectNode answer = json.object();
        answer.put("sessionsEnded", ended);
        return json.answer(Response.ok().header("Set-Cookie", Cookies.clearSession(jetty.isSecure())), answer);
    }

    /** A fresh {@code coffer_csrf} cookie when the request has none of the right shape (pages, session check). */
    java.util.Optional<String> preSessionCsrf(ContainerRequestContext request, boolean secure) {
        return preSessionCsrf(auth.tokens(), request, secure);
    }

    static java.util.Optional<String> preSessionCsrf(Tokens tokens, ContainerRequestContext request, boolean secure) {
        Cookie csrf = request.getCookies().get(Cookies.CSRF);
        if (csrf != null && Tokens.wellFormed(csrf.getValue())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Cookies.csrf(tokens.fresh(), ConsoleAuth.SESSION_LIFETIME, secure));
    }

    private Response signedIn(int status, SignedIn in, boolean secure) {
        return json.answer(Response.status(status)
                .header("Set-Cookie", Cookies.session(in.sessionToken(), ConsoleAuth.SESSION_LIFETIME, secure))
                .header("Set-Cookie", Cookies.csrf(in.csrfToken(), ConsoleAuth.SESSION_LIFETIME, secure)),
                who(in.email(), in.accountId()));
    }

    private ObjectNode who(String email, long accountId) {
        ObjectNode answer = json.object();
        answer.put("email", email);
        AccountInfo account = accounts.findById(accountId).orElseThrow(ConsoleException::unavailable);
        ObjectNode a = answer.putObject("account");
        a.put("name", account.name());
        a.put("plan", account.plan());
        a.put("state", account.state().name().toLowerCase(java.util.Locale.ROOT));
        return answer;
    }
}
