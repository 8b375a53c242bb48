package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The S3 "flexible checksum" algorithms. Values travel as base64 of the big-endian digest bytes in
 * {@code x-amz-checksum-<name>} headers or trailers. The wire names never change: clients send them.
 */
public enum ChecksumAlgorithm {
    CRC32("crc32", 4),
    CRC32C("crc32c", 4),
    CRC64NVME("crc64nvme", 8),
    SHA1("sha1", 20),
    SHA256("sha256", 32);

    private static final String HEADER_PREFIX = "x-amz-checksum-";
    private final String lowerName;
    private final int length;

    ChecksumAlgorithm(String lowerName, int length) {
        this.lowerName = lowerName;
        this.length = length;
    }

    /** The header or trailer name, for example {@code x-amz-checksum-crc32c}. */
    public String headerName() {
        return HEADER_PREFIX + lowerName;
    }

    /** The name S3 uses in XML and in {@code x-amz-sdk-checksum-algorithm}, for example {@code CRC32C}. */
    public String wireName() {
        return name();
    }

    /** The XML element that carries a value of this algorithm, for example {@code ChecksumCRC32C}. */
    public String xmlElement() {
        return "Checksum" + name();
    }

    /** True for the CRCs, which can be combined (multipart FULL_OBJECT checksums). */
    public boolean isCrc() {
        return this == CRC32 || this == CRC32C || this == CRC64NVME;
    }

    /** The algorithm with this wire name (any case), for example from {@code x-amz-checksum-algorithm}. */
    public static Optional<ChecksumAlgorithm> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.name().equals(upper)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Length of the raw digest in bytes. */
    public int digestLength() {
        return length;
    }

    public BodyDigest newDigest() {
        return switch (this) {
            case CRC32 -> BodyDigest.of(new CRC32(), 4);
            case CRC32C -> BodyDigest.of(new CRC32C(), 4);
            case CRC64NVME -> BodyDigest.of(new Crc64Nvme(), 8);
            case SHA1 -> BodyDigest.of("SHA-1");
            case SHA256 -> BodyDigest.of("SHA-256");
        };
    }

    /** The algorithm whose header is {@code name} (any case), if it is one of ours. */
    public static Optional<ChecksumAlgorithm> fromHeaderName(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.headerName().equals(lower)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes a base64 value sent by the client. AWS answers a value that is not base64 of the right length
     * with 400 InvalidRequest "Value for x-amz-checksum-... header is invalid."
     */
    public byte[] decodeValue(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw invalidValue();
        }
        if (raw.length != length) {
            throw invalidValue();
        }
        return raw;
    }

    private S3Exception invalidValue() {
        return new S3Exception(S3ErrorCode.INVALID_REQUEST, "Value for " + headerName() + " header is invalid.");
    }
}
