package coffer.s3;

import coffer.s3.auth.ChecksumAlgorithm;
import coffer.s3.http.S3Response;
import java.util.Map;

/** Echoes the checksums a write verified, as {@code x-amz-checksum-*} response headers, as AWS does. */
final class Checksums {
    private Checksums() {
    }

    static void echo(RequestContext ctx, S3Response response) {
        for (Map.Entry<ChecksumAlgorithm, String> c : ctx.auth().checksums().verified().entrySet()) {
            response.header(c.getKey().headerName(), c.getValue());
        }
    }
}
