package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Request;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the verifying stream of a request body from its headers, without reading it:
 * <ol>
 *   <li>aws-chunked framing is decoded when {@code Content-Encoding} lists aws-chunked or the payload hash is a
 *       STREAMING-* token (chunk and trailer signatures checked when the request was signed so);</li>
 *   <li>a hex {@code x-amz-content-sha256} is checked over the bytes as sent;</li>
 *   <li>{@code Content-MD5}, one {@code x-amz-checksum-*} header or the trailer named by {@code x-amz-trailer}
 *       are checked over the decoded payload;</li>
 *   <li>the length must equal {@code x-amz-decoded-content-length} (aws-chunked) or Content-Length.</li>
 * </ol>
 * Every check completes on the read that reaches EOF. Stateless.
 */
final class RequestBodies {
    private static final String MULTIPLE_CHECKSUMS =
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.";

    private RequestBodies() {
    }

    /** For tests: a body whose checksum headers cover it. */
    static DecodedBody open(S3Request request, PayloadHash payload, Optional<ChunkSigner> signer) {
        return open(request, payload, signer, BodyChecksumHeaders.COVER_BODY);
    }

    /**
     * @param payload the payload hash the request declared (for signed requests: the one it signed)
     * @param signer  the chunk-signature chain; required when {@code payload} is a signed STREAMING form
     * @param checksumHeaders what the request's {@code x-amz-checksum-*} headers are about
     */
    public static DecodedBody open(S3Request request, PayloadHash payload, Optional<ChunkSigner> signer,
                                   BodyChecksumHeaders checksumHeaders) {
        PayloadHash.Kind kind = payload.kind();
        if (kind.hasChunkSignatures() && signer.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "A signed aws-chunked body requires a request signed with AWS Signature Version 4");
        }
        // Content-Encoding alone does not make a body aws-chunked: a client may label a plain, fully hashed body
        // "aws-chunked" (ceph/s3-tests does); framing needs a STREAMING-* hash or a decoded length to go with it.
        boolean chunked = kind.isStreaming()
                || ContentEncodings.hasAwsChunked(request.header("Content-Encoding"))
                        && request.header("x-amz-decoded-content-length") != null;
        Optional<ChecksumAlgorithm> trailer = trailerAlgorithm(request.header("x-amz-trailer"));
        // CompleteMultipartUpload's x-amz-checksum-* header is the checksum the object is to get (checked by its
        // handler against the one combined from the parts), not the checksum of the request's XML body.
        Map<ChecksumAlgorithm, byte[]> headerChecksums = checksumHeaders == BodyChecksumHeaders.DESCRIBE_OBJECT
                ? Map.of() : headerChecksums(request);
        if (headerChecksums.size() + (trailer.isPresent() ? 1 : 0) > 1) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST, MULTIPLE_CHECKSUMS);
        }
        byte[] md5 = contentMd5(request.header("Content-MD5"));

        List<BodyCheck> checks = new ArrayList<>();
        InputStream stream = request.body();
        long length;
        AwsChunkedInputStream decoder = null;
        if (chunked) {
            if (kind == PayloadHash.Kind.STREAMING_SIGNED && trailer.isPresent()) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                        "x-amz-trailer requires a STREAMING-*-TRAILER x-amz-content-sha256");
            }
            String decodedHeader = request.header("x-amz-decoded-content-length");
            if (decodedHeader == null) {
                throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH,
                        "An aws-chunked body requires the x-amz-decoded-content-length header");
            }
            length = parseLength(decodedHeader, "x-amz-decoded-content-length");
            if (kind == PayloadHash.Kind.SHA256_HEX) {
                // The hash covers the bytes as sent, framing included.
                stream = new VerifyingInputStream(stream, List.of(BodyChecks.payloadSha256(payload.value())), () -> { });
            }
            decoder = new AwsChunkedInputStream(stream, signer.filter(s -> kind.hasChunkSignatures()),
                    kind != PayloadHash.Kind.STREAMING_SIGNED, length);
            stream = decoder;
        } else {
            if (trailer.isPresent()) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                        "x-amz-trailer is only valid with an aws-chunked body");
            }
            String contentLength = request.header("Content-Length");
            length = contentLength == null ? -1 : parseLength(contentLength, "Content-Length");
            if (length >= 0) {
                checks.add(BodyChecks.length(length));
            }
            if (kind == PayloadHash.Kind.SHA256_HEX) {
                checks.add(BodyChecks.payloadSha256(payload.value()));
            }
        }
        if (md5 != null) {
            checks.add(BodyChecks.contentMd5(md5));
        }
        Map<ChecksumAlgorithm, String> verified = new EnumMap<>(ChecksumAlgorithm.class);
        headerChecksums.forEach((algorithm, expected) -> checks.add(BodyChecks.checksum(algorithm, () -> expected,
                actual -> verified.put(algorithm, Base64.getEncoder().encodeToString(actual)))));
        if (trailer.isPresent()) {
            ChecksumAlgorithm algorithm = trailer.get();
            AwsChunkedInputStream source = decoder;
            checks.add(BodyChecks.checksum(algorithm, () -> trailerValue(source, algorithm),
                    actual -> verified.put(algorithm, Base64.getEncoder().encodeToString(actual))));
        }
        Set<ChecksumAlgorithm> requested = trailer.map(Set::of).orElse(headerChecksums.keySet());
        BodyChecksums checksums = requested.isEmpty() ? BodyChecksums.none() : new BodyChecksums(requested);
        if (checks.isEmpty()) {
            return new DecodedBody(stream, length, checksums);
        }
        InputStream verifying = new VerifyingInputStream(stream, checks, () -> {
            if (!requested.isEmpty()) {
                checksums.complete(verified);
            }
        });
        return new DecodedBody(verifying, length, checksums);
    }

    private static byte[] trailerValue(AwsChunkedInputStream decoder, ChecksumAlgorithm algorithm) {
        String value = decoder.trailers().get(algorithm.headerName());
        if (value == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "The trailing checksum " + algorithm.headerName() + " named by x-amz-trailer was not sent");
        }
        return algorithm.decodeValue(value);
    }

    private static Optional<ChecksumAlgorithm> trailerAlgorithm(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        // Clients name exactly one checksum; AWS accepts no other trailer.
        return Optional.of(ChecksumAlgorithm.fromHeaderName(header).orElseThrow(() -> new S3Exception(
                S3ErrorCode.INVALID_ARGUMENT, "Unsupported x-amz-trailer value; only x-amz-checksum-* is accepted")));
    }

    private static Map<ChecksumAlgorithm, byte[]> headerChecksums(S3Request request) {
        Map<ChecksumAlgorithm, byte[]> found = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            List<String> values = request.headers(algorithm.headerName());
            if (values.size() > 1) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST, MULTIPLE_CHECKSUMS);
            }
            if (!values.isEmpty()) {
                found.put(algorithm, algorithm.decodeValue(values.get(0)));
            }
        }
        return found;
    }

    private static byte[] contentMd5(String header) {
        if (header == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(header.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the S3 error
        }
        throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
    }

    private static long parseLength(String value, String header) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the S3 error
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid " + header + " header");
    }
}
