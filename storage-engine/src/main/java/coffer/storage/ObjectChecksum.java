package coffer.storage;

import java.util.Objects;

/**
 * The checksum stored with an object, as S3 reports it: {@code algorithm} is the wire name ({@code CRC32},
 * {@code CRC32C}, {@code CRC64NVME}, {@code SHA1}, {@code SHA256}), {@code type} is {@code FULL_OBJECT} or
 * {@code COMPOSITE}, {@code value} the base64 digest (a COMPOSITE value ends in {@code -N}). The storage engine
 * stores it verbatim; the S3 layer computes and checks it.
 */
public record ObjectChecksum(String algorithm, String type, String value) {
    public static final String FULL_OBJECT = "FULL_OBJECT";
    public static final String COMPOSITE = "COMPOSITE";

    public ObjectChecksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
