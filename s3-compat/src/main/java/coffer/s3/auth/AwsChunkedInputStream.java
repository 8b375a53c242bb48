package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes an aws-chunked body as it is read, in all three AWS forms:
 * <pre>
 * signed:            hex-size;chunk-signature=sig\r\n data \r\n ... 0;chunk-signature=sig\r\n [trailers] \r\n
 * unsigned-trailer:  hex-size\r\n data \r\n ... 0\r\n trailer-lines \r\n
 * </pre>
 * Chunk data streams straight through; only one metadata line (bounded) is held at a time. Each chunk's
 * signature is checked when its last byte is read, before that read returns. The final checks (last chunk,
 * trailer signature, decoded length, nothing after the body) happen on the read that returns EOF, which then
 * throws the {@link S3Exception} instead. After a failure every read throws the same exception.
 *
 * <p>Leniency, on purpose: bare {@code \n} line ends are accepted, chunk extensions other than
 * {@code chunk-signature} are ignored, and EOF right after the trailer lines (no final empty line) is accepted,
 * because some AWS SDK versions end the unsigned-trailer form that way.
 *
 * <p>Not thread-safe.
 */
final class AwsChunkedInputStream extends InputStream {
    static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16;
    private static final int MAX_TRAILING_NEWLINES = 64;

    private final InputStream in;
    private final ChunkSigner signer;
    private final boolean trailersAllowed;
    private final long decodedLength;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private final byte[] line = new byte[MAX_LINE];
    private final byte[] single = new byte[1];
    /** SHA-256 of the current chunk's data when signatures are checked; reused, as {@code finish} resets it. */
    private final BodyDigest chunkDigest;
    private String chunkSignature;
    private long chunkRemaining;
    private boolean inChunk;
    private boolean lineHitEof;
    private long decoded;
    private boolean done;
    private S3Exception failure;

    /**
     * @param raw             the body as received
     * @param signer          present to verify chunk signatures (and the trailer signature, if trailers are
     *                        allowed); empty for the unsigned form
     * @param trailersAllowed whether trailer lines may follow the final chunk
     * @param decodedLength   {@code x-amz-decoded-content-length}: the exact number of payload bytes
     */
    public AwsChunkedInputStream(InputStream raw, Optional<ChunkSigner> signer, boolean trailersAllowed,
                                 long decodedLength) {
        if (decodedLength < 0) {
            throw new IllegalArgumentException("decodedLength < 0");
        }
        this.in = new BufferedInputStream(raw, 64 * 1024);
        this.signer = signer.orElse(null);
        this.chunkDigest = this.signer == null ? null : BodyDigest.of("SHA-256");
        this.trailersAllowed = trailersAllowed;
        this.decodedLength = decodedLength;
    }

    /** The trailers received (lower-case names, without the trailer signature); complete only after EOF. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (!done) {
                if (inChunk) {
                    return readData(b, off, len);
                }
                startChunk();
            }
            return -1;
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int available() throws IOException {
        return inChunk ? (int) Math.min(in.available(), chunkRemaining) : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int readData(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw incomplete("The request body ended inside an aws-chunked chunk");
        }
        if (chunkDigest != null) {
            chunkDigest.update(b, off, n);
        }
        chunkRemaining -= n;
        decoded += n;
        if (chunkRemaining == 0) {
            String crlf = readLine();
            if (crlf == null || lineHitEof) {
                throw incomplete("The request body ended inside an aws-chunked chunk");
            }
            if (!crlf.isEmpty()) {
                throw malformed("chunk data is not followed by CRLF");
            }
            inChunk = false;
            verifyChunkSignature();
        }
        return n;
    }

    /** Reads one chunk header; for the final (empty) chunk, also the trailers and the end of the body. */
    private void startChunk() throws IOException {
        String header = readLine();
        if (header == null || lineHitEof) {
            throw incomplete("The request body ended before the final aws-chunked chunk");
        }
        int semicolon = header.indexOf(';');
        String sizeText = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        long size = parseSize(sizeText);
        if (size > decodedLength - decoded) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "The aws-chunked body carries more data than x-amz-decoded-content-length states");
        }
        if (signer != null) {
            chunkSignature = extension(header, semicolon, "chunk-signature");
            if (chunkSignature == null) {
                throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "An aws-chunked chunk has no signature");
            }
        }
        if (size > 0) {
            chunkRemaining = size;
            inChunk = true;
            return;
        }
        verifyChunkSignature();
        readTrailerSection();
        if (decoded != decodedLength) {
            throw incomplete("The aws-chunked body carries " + decoded
                    + " bytes but x-amz-decoded-content-length states " + decodedLength);
        }
        expectEndOfBody();
        done = true;
    }

    private void verifyChunkSignature() {
        if (signer == null) {
            return;
        }
        String expected = signer.nextChunkSignature(chunkDigest.finish());
        if (!ChunkSigner.matches(expected, chunkSignature)) {
            throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                    "The signature of an aws-chunked chunk does not match");
        }
    }

    private void readTrailerSection() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        while (true) {
            String text = readLine();
            if (text == null || text.isEmpty()) {
                break; // null: EOF without the final empty line, accepted (see class comment)
            }
            if (!trailersAllowed) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                        "Trailing headers are not allowed with this x-amz-content-sha256 value");
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw malformed("a trailing header is not name:value");
            }
            String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = text.substring(colon + 1).trim();
            if (name.equals(TRAILER_SIGNATURE)) {
                if (trailerSignature != null) {
                    throw malformed("the trailer signature is repeated");
                }
                trailerSignature = value;
            } else {
                if (trailers.putIfAbsent(name, value) != null || trailers.size() > MAX_TRAILERS) {
                    throw malformed("too many or repeated trailing headers");
                }
                canonical.append(name).append(':').append(value).append('\n');
            }
            if (lineHitEof) {
                break;
            }
        }
        if (signer != null && trailersAllowed) {
            String expected = signer.nextTrailerSignature(canonical.toString());
            if (!ChunkSigner.matches(expected, trailerSignature)) {
                throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "The trailer signature of the aws-chunked body does not match");
            }
        }
    }

    /** Only stray line ends may follow the body; anything else means the framing was wrong. */
    private void expectEndOfBody() throws IOException {
        int seen = 0;
        int c;
        while ((c = in.read()) != -1) {
            if ((c != '\r' && c != '\n') || ++seen > MAX_TRAILING_NEWLINES) {
                throw malformed("data follows the final chunk");
            }
        }
    }

    /**
     * One line without its line end, or null at EOF before any byte. {@link #lineHitEof} tells whether the line
     * was cut short by EOF rather than ended by a line feed.
     */
    private String readLine() throws IOException {
        int length = 0;
        lineHitEof = false;
        while (true) {
            int c = in.read();
            if (c == -1) {
                if (length == 0) {
                    return null;
                }
                lineHitEof = true;
                break;
            }
            if (c == '\n') {
                break;
            }
            if (length == MAX_LINE) {
                throw malformed("an aws-chunked metadata line is too long");
            }
            line[length++] = (byte) c;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private static long parseSize(String hex) {
        if (hex.isEmpty() || hex.length() > 15) {
            throw malformed("invalid chunk size");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw malformed("invalid chunk size");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    private static String extension(String header, int semicolon, String name) {
        if (semicolon < 0) {
            return null;
        }
        for (String part : header.substring(semicolon + 1).split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    private static S3Exception incomplete(String message) {
        return new S3Exception(S3ErrorCode.INCOMPLETE_BODY, message);
    }

    private static S3Exception malformed(String what) {
        return new S3Exception(S3ErrorCode.INVALID_REQUEST, "Malformed aws-chunked body: " + what);
    }
}
