package coffer.s3.auth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flexible checksums a request asked the server to verify (an {@code x-amz-checksum-*} header or a trailer
 * named by {@code x-amz-trailer}), and, once the body stream has returned EOF without error, their verified
 * base64 values, ready to be stored with the object.
 *
 * <p>Written once by the verifying body stream, on the thread that reads it; read afterwards by the handler,
 * possibly on another thread, hence the volatile publication. Before EOF {@link #verified()} is empty.
 */
public final class BodyChecksums {
    private final Set<ChecksumAlgorithm> requested;
    private volatile Map<ChecksumAlgorithm, String> verified;

    public BodyChecksums(Set<ChecksumAlgorithm> requested) {
        this.requested = requested.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(requested));
    }

    /** A request that asked for no checksum. */
    public static BodyChecksums none() {
        BodyChecksums none = new BodyChecksums(Set.of());
        none.verified = Map.of();
        return none;
    }

    /** The algorithms the request named, known before the body is read. */
    public Set<ChecksumAlgorithm> requested() {
        return requested;
    }

    /** True once the body was read to EOF and every requested checksum matched. */
    public boolean isComplete() {
        return verified != null;
    }

    /** Algorithm to base64 value of every verified checksum; empty until {@link #isComplete()}. */
    public Map<ChecksumAlgorithm, String> verified() {
        Map<ChecksumAlgorithm, String> v = verified;
        return v == null ? Map.of() : v;
    }

    /** The verified base64 value for one algorithm, if it was requested and the body has been verified. */
    public Optional<String> value(ChecksumAlgorithm algorithm) {
        return Optional.ofNullable(verified().get(algorithm));
    }

    void complete(Map<ChecksumAlgorithm, String> values) {
        Map<ChecksumAlgorithm, String> copy = new EnumMap<>(ChecksumAlgorithm.class);
        copy.putAll(values);
        verified = Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "BodyChecksums[requested=" + requested + ", verified=" + verified() + "]";
    }
}
