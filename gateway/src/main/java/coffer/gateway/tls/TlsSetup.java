package coffer.gateway.tls;

import coffer.gateway.config.TlsConfig;
import coffer.gateway.http.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns the TLS settings into what the HTTPS connector needs: the operator's PEM files, or the self-signed pair
 * under {@code tlsDir} (made on first start). Also gives the certificate's SHA-256 fingerprint to announce.
 */
public final class TlsSetup {
    private TlsSetup() {
    }

    /** The connector's key material and the leaf's fingerprint. */
    public record Material(HttpServer.Tls tls, String fingerprint, Path certFile) {
    }

    public static Optional<Material> prepare(TlsConfig config, Path tlsDir, Clock clock, SecureRandom random)
            throws IOException, GeneralSecurityException {
        if (!config.enabled()) {
            return Optional.empty();
        }
        Path cert;
        Path key;
        if (config.selfSigned()) {
            Path[] pair = SelfSignedCertificate.ensure(tlsDir, config.names(), clock, random);
            cert = pair[0];
            key = pair[1];
        } else {
            cert = config.cert().orElseThrow();
            key = config.key().orElseThrow();
        }
        HttpServer.Tls tls = new HttpServer.Tls(PemKeyStore.load(cert, key), PemKeyStore.PASSWORD, config.port());
        return Optional.of(new Material(tls, SelfSignedCertificate.fingerprint(PemKeyStore.leaf(cert)), cert));
    }
}
