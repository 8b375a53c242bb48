package coffer.gateway.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A failure inside the S3 port's handlers (the framework failing the exchange, or throwing) reaches Jetty quietly:
 * the client gets the S3 500 document, and no log line holds the request's query (where a presigned URL carries
 * its signature) or a stack trace. Real Jetty on a random port, real Logback.
 */
class AbortableExchangeTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFailedExchangeLogsThePathOnly(boolean throwIt) throws Exception {
        Handler failing = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                IllegalArgumentException e = new IllegalArgumentException("Error parsing media type ';;;'");
                if (throwIt) {
                    throw e;
                }
                callback.failed(e);
                return true;
            }
        };
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbortableExchange(failing));
        server.setErrorHandler(new S3ErrorPages());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        server.start();
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /b/k?response-content-type=%3B&X-Amz-Signature=deadbeef HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 500"), answer);
            assertTrue(answer.contains("<Code>InternalError</Code>"), answer);
        } finally {
            server.stop();
            root.detachAppender(events);
        }
        boolean logged = false;
        for (ILoggingEvent e : events.list) {
            if (!e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
                continue; // Jetty's own DEBUG output names every request; production never runs Jetty at DEBUG
            }
            assertFalse(e.getFormattedMessage().contains("X-Amz-Signature"), e.getFormattedMessage());
            assertFalse(e.getFormattedMessage().contains("deadbeef"), e.getFormattedMessage());
            assertTrue(e.getThrowableProxy() == null, "no stack trace: " + e.getFormattedMessage());
            logged |= e.getFormattedMessage().contains("GET /b/k: the exchange failed");
        }
        assertTrue(logged, "the failure is logged with its path: " + events.list);
    }
}
