package coffer.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * HTTPS on the S3 port: off, a PEM certificate chain and key given by the operator, or a self-signed pair made on
 * first start for {@code names} and kept under the data directory. Each value is checked by its setting in
 * {@link GatewaySettings}; this record checks how they go together.
 *
 * @param port       the HTTPS port; 0 picks a free one (tests); ignored when TLS is off
 * @param cert       PEM certificate chain (leaf first)
 * @param key        PEM private key (PKCS#8 or traditional)
 * @param selfSigned make (once) and use a self-signed certificate
 * @param names      DNS names and IP addresses the self-signed certificate is for
 */
public record TlsConfig(int port, Optional<Path> cert, Optional<Path> key, boolean selfSigned, List<String> names) {
    public static final TlsConfig OFF = new TlsConfig(GatewaySettings.TLS_PORT.defaultValue(), Optional.empty(),
            Optional.empty(), false, GatewaySettings.TLS_NAMES.defaultValue());

    public TlsConfig {
        cert = cert == null ? Optional.empty() : cert;
        key = key == null ? Optional.empty() : key;
        names = names == null ? List.of() : List.copyOf(names);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
        }
        if (selfSigned && cert.isPresent()) {
            throw new IllegalArgumentException("--tls-self-signed and --tls-cert exclude each other");
        }
        if (selfSigned && names.isEmpty()) {
            throw new IllegalArgumentException("--tls-names must name at least one host for --tls-self-signed");
        }
    }

    public boolean enabled() {
        return selfSigned || cert.isPresent();
    }
}
