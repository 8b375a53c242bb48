package coffer.it.support;

import coffer.gateway.CofferServer;
import coffer.gateway.config.ServerConfigBuilder;
import coffer.storage.maintenance.MaintenanceSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One real gateway per test class, started before the class's {@code @BeforeAll} methods and closed after its
 * {@code @AfterAll} methods, with the clients that most tests share:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayExtension gateway = GatewayExtension.builder().build();
 * ... gateway.s3(), gateway.endpoint(), gateway.admin(), gateway.dataDir()
 * }</pre>
 *
 * <p>{@link #s3()}, {@link #s3WhenRequired()} and {@link #admin()} are made once per start and belong to the
 * extension (it closes them); other clients from {@link Gateway} belong to the caller. Each class gets its own
 * gateway, data directory and database ({@link TestGateway}); classes never share one. Not thread-safe: JUnit
 * calls it from one thread, and tests only read it.
 */
public final class GatewayExtension implements Gateway, BeforeAllCallback, AfterAllCallback {
    private final Optional<String> domain;
    private final Duration gcGrace;
    private final BiConsumer<Path, ServerConfigBuilder> settings;
    private TestGateway gateway;
    private S3Client s3;
    private S3Client s3WhenRequired;
    private AdminHttp admin;

    private GatewayExtension(Builder builder) {
        this.domain = builder.domain;
        this.gcGrace = builder.gcGrace;
        this.settings = builder.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of the gateway; the defaults are those of {@link TestGateway#start()}. */
    public static final class Builder {
        private Optional<String> domain = Optional.empty();
        private Duration gcGrace = MaintenanceSchedule.DEFAULT_GC_GRACE;
        private BiConsumer<Path, ServerConfigBuilder> settings = (dataDir, config) -> { };

        private Builder() {
        }

        /** The domain for virtual-hosted-style requests ({@code bucket.domain}). */
        public Builder domain(String value) {
            this.domain = Optional.of(value);
            return this;
        }

        /** The GC grace (zero: a deleted object's blob may be collected at once). */
        public Builder gcGrace(Duration value) {
            this.gcGrace = value;
            return this;
        }

        /** Settings (HTTPS, limits, access log...) set on the builder, given the gateway's fresh data directory. */
        public Builder settings(BiConsumer<Path, ServerConfigBuilder> value) {
            this.settings = value;
            return this;
        }

        public GatewayExtension build() {
            return new GatewayExtension(this);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        gateway = TestGateway.start(domain, gcGrace, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeClients();
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    /** Stops the gateway and starts it again on the same data directory and database (new ports, new clients). */
    public void restart() throws Exception {
        closeClients();
        gateway = running().restart();
    }

    /** The AWS SDK v2 with its default settings ({@link #client()}), shared by the class; do not close it. */
    public S3Client s3() {
        if (s3 == null) {
            s3 = running().client();
        }
        return s3;
    }

    /** The AWS SDK v2 computing checksums only when required ({@link #clientWhenRequired()}); do not close it. */
    public S3Client s3WhenRequired() {
        if (s3WhenRequired == null) {
            s3WhenRequired = running().clientWhenRequired();
        }
        return s3WhenRequired;
    }

    @Override
    public AdminHttp admin() throws IOException {
        if (admin == null) {
            admin = AdminHttp.of(running());
        }
        return admin;
    }

    @Override
    public CofferServer server() {
        return running().server();
    }

    @Override
    public Path dataDir() {
        return running().dataDir();
    }

    @Override
    public String jdbcUrl() {
        return running().jdbcUrl();
    }

    private TestGateway running() {
        if (gateway == null) {
            throw new IllegalStateException("the gateway runs only between the class's @BeforeAll and @AfterAll");
        }
        return gateway;
    }

    private void closeClients() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (s3WhenRequired != null) {
            s3WhenRequired.close();
            s3WhenRequired = null;
        }
        admin = null;
    }
}
