package coffer.storage;

import coffer.storage.blob.BlobEngine;
import coffer.storage.crypto.SecretSealer;
import coffer.storage.multipart.MultipartLimits;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Makes a {@link Store}: the catalog database, the blob engine, the sealer of access key secrets and the grace
 * period of freed blobs are required; the clock (UTC), the random source, the reservation lease
 * ({@link Store#DEFAULT_RESERVATION_LEASE}), the lookup cache's lifetime ({@link Store#DEFAULT_LOOKUP_TTL}) and the
 * multipart limits ({@link MultipartLimits#DEFAULTS}) start from their defaults. Not thread-safe.
 */
public final class StoreBuilder {
    private DataSource database;
    private BlobEngine blobs;
    private SecretSealer sealer;
    private Duration gcGrace;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Duration reservationLease = Store.DEFAULT_RESERVATION_LEASE;
    private Duration lookupTtl = Store.DEFAULT_LOOKUP_TTL;
    private MultipartLimits multipartLimits = MultipartLimits.DEFAULTS;
    private GatewayIdentity gateway;

    StoreBuilder() {
    }

    /** The catalog (MariaDB); {@link Store#migrate()} brings its schema up to date. */
    public StoreBuilder database(DataSource db) {
        this.database = db;
        return this;
    }

    /** Where object data lives. */
    public StoreBuilder blobs(BlobEngine engine) {
        this.blobs = engine;
        return this;
    }

    /** Seals access key secrets in the catalog. */
    public StoreBuilder sealer(SecretSealer secretSealer) {
        this.sealer = secretSealer;
        return this;
    }

    /** How long a replaced or deleted blob stays readable before {@link Store#collectGarbage} frees it. */
    public StoreBuilder gcGrace(Duration grace) {
        this.gcGrace = grace;
        return this;
    }

    public StoreBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** Access keys, upload ids and blob ids; a fresh {@link SecureRandom} unless given. */
    public StoreBuilder random(SecureRandom value) {
        this.random = value;
        return this;
    }

    /** See {@link coffer.storage.quota.Quotas}. */
    public StoreBuilder reservationLease(Duration lease) {
        this.reservationLease = lease;
        return this;
    }

    /** See {@link Store#DEFAULT_LOOKUP_TTL}; zero reads the catalog for every lookup. */
    public StoreBuilder lookupTtl(Duration ttl) {
        this.lookupTtl = ttl;
        return this;
    }

    /** Open uploads per account and their expiry. */
    public StoreBuilder multipartLimits(MultipartLimits limits) {
        this.multipartLimits = limits;
        return this;
    }

    /** Who this gateway is ({@link GatewayIdentity}); {@link GatewayIdentity#anonymous} unless given. */
    public StoreBuilder gateway(GatewayIdentity identity) {
        this.gateway = identity;
        return this;
    }

    public Store build() {
        SecureRandom rng = random == null ? new SecureRandom() : random;
        return new Store(Objects.requireNonNull(database, "database"), Objects.requireNonNull(blobs, "blobs"),
                Objects.requireNonNull(sealer, "sealer"), Objects.requireNonNull(clock, "clock"),
                rng, Objects.requireNonNull(gcGrace, "gcGrace"),
                Objects.requireNonNull(reservationLease, "reservationLease"),
                Objects.requireNonNull(lookupTtl, "lookupTtl"),
                Objects.requireNonNull(multipartLimits, "multipartLimits"),
                gateway == null ? GatewayIdentity.anonymous(rng) : gateway);
    }
}
