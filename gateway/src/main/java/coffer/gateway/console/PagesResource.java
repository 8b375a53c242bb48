package coffer.gateway.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's pages and static assets, from the jar's {@code console/} directory. Only the pages in the tables
 * below and assets whose names match {@link #ASSET_NAME} (one path segment: letters, digits, dashes, a known
 * extension) are served, so no request can reach another file. Pages that need a session redirect to the sign-in
 * page without one; the sign-in and sign-up pages redirect home with one.
 */
@Path("/")
public final class PagesResource {
    static final String PAGES = "console/pages/";
    static final String ASSETS = "console/assets/";
    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final Tokens tokens;

    PagesResource(Tokens tokens) {
        this.tokens = tokens;
    }

    @GET
    public Response home(@Context ContainerRequestContext request) {
        return sessionPage(request, "home.html");
    }

    @GET
    @Path("files")
    public Response files(@Context ContainerRequestContext request) {
        return sessionPage(request, "files.html");
    }

    @GET
    @Path("shares")
    public Response shares(@Context ContainerRequestContext request) {
        return sessionPage(request, "shares.html");
    }

    @GET
    @Path("devices")
    public Response devices(@Context ContainerRequestContext request) {
        return sessionPage(request, "devices.html");
    }

    @GET
    @Path("signin")
    public Response signIn(@Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        return publicPage(request, jetty, "signin.html");
    }

    @GET
    @Path("signup")
    public Response signUp(@Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        return publicPage(request, jetty, "signup.html");
    }

    @GET
    @Path("claim")
    public Response claim(@Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        return publicPage(request, jetty, "claim.html");
    }

    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        if (!ASSET_NAME.matcher(name).matches()) {
            throw new ConsoleException(404, "NoSuchRoute", "no such page", null);
        }
        byte[] bytes = read(ASSETS + name);
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return Response.ok(bytes).type(type).header("Cache-Control", "no-cache").build();
    }

    private Response sessionPage(ContainerRequestContext request, String page) {
        if (ConsoleFilter.session(request).isEmpty()) {
            return Response.seeOther(URI.create("/signin")).build();
        }
        return html(page).build();
    }

    private Response publicPage(ContainerRequestContext request, org.eclipse.jetty.server.Request jetty,
                                String page) {
        if (ConsoleFilter.session(request).isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        Response.ResponseBuilder answer = html(page);
        AuthResource.preSessionCsrf(tokens, request, jetty.isSecure()).ifPresent(c -> answer.header("Set-Cookie", c));
        return answer.build();
    }

    static Response.ResponseBuilder html(String page) {
        return Response.ok(read(PAGES + page)).type("text/html; charset=utf-8");
    }

    private static byte[] read(String resource) {
        try (InputStream in = PagesResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConsoleException(404, "NoSuchRoute", "no such page", null);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
