package coffer.gateway.console;

import coffer.storage.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a console request leaves as the JSON error document with its status: the console's own refusals
 * as thrown, Jersey's (unknown route, wrong method) with their status, an unreachable catalog as 503, anything else
 * as 500, logged with its type and trace (our exceptions never carry a password or token).
 */
final class ConsoleErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    private final ConsoleJson json;

    ConsoleErrors(ConsoleJson json) {
        this.json = json;
    }

    @Override
    public Response toResponse(Throwable t) {
        return json.error(classify(t));
    }

    static ConsoleException classify(Throwable t) {
        if (t instanceof ConsoleException c) {
            return c;
        }
        if (t instanceof StoreException s && s.reason() == StoreException.Reason.UNAVAILABLE) {
            return ConsoleException.unavailable();
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse() == null ? 500 : w.getResponse().getStatus();
            return switch (status) {
                case 404 -> new ConsoleException(404, "NoSuchRoute", "no such page", null);
                case 405 -> new ConsoleException(405, "MethodNotAllowed", "method not allowed here", null);
                case 415 -> new ConsoleException(415, "UnsupportedMediaType", "unsupported content type", null);
                default -> new ConsoleException(status, "HttpError", "HTTP " + status, null);
            };
        }
        LOG.error("console request failed", t);
        return new ConsoleException(500, "InternalError", "internal error; see the server log", null);
    }
}
