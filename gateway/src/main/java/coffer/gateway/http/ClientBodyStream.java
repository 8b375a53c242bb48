package coffer.gateway.http;

import coffer.s3.error.ClientBodyException;
import coffer.s3.error.S3ErrorCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * The request body as the S3 layer reads it: any failure to read it is the client's (it closed early, broke its
 * framing, went silent or too slow) and surfaces as a {@link ClientBodyException}, which the S3 layer answers
 * with 400 RequestTimeout (a timeout somewhere in the cause) or IncompleteBody (anything else), never with a 500.
 */
final class ClientBodyStream extends FilterInputStream {

    ClientBodyStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw translated(e);
        }
    }

    static ClientBodyException translated(IOException e) {
        if (e instanceof ClientBodyException client) {
            return client;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new ClientBodyException(S3ErrorCode.REQUEST_TIMEOUT, e);
            }
        }
        return new ClientBodyException(S3ErrorCode.INCOMPLETE_BODY, e);
    }
}
