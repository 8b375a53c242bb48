package coffer.gateway.observe;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Puts the gateway id into every log line: the shipped logback.xml prints the Logback context property
 * {@value #PROPERTY} ({@code %property{gateway}}) after the level. One property per process: two gateways in one
 * JVM (tests) show the name of the one started last; the access log and the metrics carry each gateway's own.
 */
public final class LogContext {
    public static final String PROPERTY = "gateway";

    private LogContext() {
    }

    /** Sets the name printed from now on; a no-op when SLF4J is not bound to Logback. */
    public static void name(String gatewayId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty(PROPERTY, gatewayId);
        }
    }
}
