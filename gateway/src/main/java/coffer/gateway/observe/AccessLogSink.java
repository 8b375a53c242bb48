package coffer.gateway.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Where the access log goes, the {@code access-log} setting: {@code logback} leaves the {@value AccessLog#LOGGER}
 * logger to the Logback configuration (the shipped one writes it to stdout, one JSON line each); {@code off}
 * silences it; anything else is a file the lines are appended to (and then only there). Applied at start-up;
 * the returned handle undoes it at stop (Logback's configuration is per JVM, which embedded gateways share).
 */
public final class AccessLogSink {
    public static final String LOGBACK = "logback";
    public static final String OFF = "off";

    private AccessLogSink() {
    }

    /** Returns a handle that detaches a file appender again (a no-op for the other two). */
    public static AutoCloseable apply(String setting) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (LOGBACK.equals(setting) || !(factory instanceof LoggerContext context)) {
            return () -> { };
        }
        ch.qos.logback.classic.Logger logger = context.getLogger(AccessLog.LOGGER);
        if (OFF.equals(setting)) {
            Level before = logger.getLevel();
            logger.setLevel(Level.OFF);
            return () -> logger.setLevel(before);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("coffer-access-file-" + setting);
        file.setFile(Path.of(setting).toAbsolutePath().toString());
        file.setEncoder(encoder);
        file.setAppend(true);
        file.start();
        Level level = logger.getLevel();
        boolean additive = logger.isAdditive();
        logger.addAppender(file);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        return () -> {
            logger.detachAppender(file);
            logger.setAdditive(additive);
            logger.setLevel(level);
            file.stop();
        };
    }
}
