package coffer.s3;

import coffer.s3.auth.BodyDigest;
import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.auth.CrcCombine;
import coffer.storage.ObjectChecksum;
import coffer.storage.multipart.ChecksumCombiner;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The checksum of a completed multipart object, from its parts' stored checksums (as AWS computes it):
 * COMPOSITE is the algorithm over the concatenated binary part checksums, suffixed {@code -N}; FULL_OBJECT is the
 * CRC of the whole object, combined from the part CRCs and sizes ({@link CrcCombine}). An upload whose client named
 * no algorithm gets CRC64NVME FULL_OBJECT. No checksum when a part has none (parts stored before checksums were, or
 * a part copied without one). Stateless.
 */
final class MultipartChecksums implements ChecksumCombiner {

    /** The algorithm of an upload (CRC64NVME when the client named none). */
    static ChecksumAlgorithm algorithm(Upload upload) {
        return ChecksumAlgorithm.fromWireName(upload.checksumAlgorithm()).orElse(ChecksumAlgorithm.CRC64NVME);
    }

    /** The checksum type of an upload (FULL_OBJECT when the client named no algorithm). */
    static String type(Upload upload) {
        return upload.checksumAlgorithm() == null || upload.checksumType() == null ? ObjectChecksum.FULL_OBJECT
                : upload.checksumType();
    }

    @Override
    public Optional<ObjectChecksum> combine(Upload upload, List<UploadPart> parts) {
        ChecksumAlgorithm algorithm = algorithm(upload);
        String type = type(upload);
        if (parts.isEmpty() || parts.stream().anyMatch(p -> p.checksum() == null)) {
            return Optional.empty();
        }
        String value;
        if (type.equals(ObjectChecksum.COMPOSITE)) {
            BodyDigest digest = algorithm.newDigest();
            for (UploadPart p : parts) {
                byte[] raw = Base64.getDecoder().decode(p.checksum());
                digest.update(raw, 0, raw.length);
            }
            value = Base64.getEncoder().encodeToString(digest.finish()) + "-" + parts.size();
        } else {
            CrcCombine combine = CrcCombine.of(algorithm);
            long crc = toLong(Base64.getDecoder().decode(parts.get(0).checksum()));
            for (UploadPart p : parts.subList(1, parts.size())) {
                crc = combine.combine(crc, toLong(Base64.getDecoder().decode(p.checksum())), p.size());
            }
            value = Base64.getEncoder().encodeToString(toBytes(crc, algorithm.digestLength()));
        }
        return Optional.of(new ObjectChecksum(algorithm.wireName(), type, value));
    }

    static long toLong(byte[] bigEndian) {
        long v = 0;
        for (byte b : bigEndian) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    static byte[] toBytes(long value, int length) {
        byte[] out = new byte[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
