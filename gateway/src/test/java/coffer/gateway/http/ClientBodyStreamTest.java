package coffer.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.ClientBodyException;
import coffer.s3.error.S3ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

class ClientBodyStreamTest {

    @Test
    void aTimeoutAnywhereInTheCauseIsRequestTimeoutAndAnythingElseAnIncompleteBody() {
        assertEquals(S3ErrorCode.REQUEST_TIMEOUT, code(new IOException(new TimeoutException("too slow"))));
        assertEquals(S3ErrorCode.INCOMPLETE_BODY, code(new EofException("early EOF")));
        assertEquals(S3ErrorCode.INCOMPLETE_BODY, code(new IOException("connection reset")));
    }

    private static S3ErrorCode code(IOException failure) {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        };
        ClientBodyException e = assertThrows(ClientBodyException.class,
                () -> new ClientBodyStream(broken).read(new byte[8], 0, 8));
        return e.toS3().error();
    }
}
