package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlWriter;

/** Renders an {@link S3Exception} as the S3 error document: {@code <Error><Code/><Message/>...</Error>}. */
final class ErrorDocument {
    private ErrorDocument() {
    }

    /**
     * @param withBody false for HEAD requests and 304, which carry no body
     */
    public static S3Response render(S3Exception e, String resource, String requestId, boolean withBody) {
        S3ErrorCode code = e.error();
        S3Response response = S3Response.status(code.status()).errorCode(code.code());
        e.headers().forEach(response::header);
        if (!withBody || code.status() == 304) {
            return response.contentLength(0);
        }
        XmlWriter doc = new XmlWriter().plainRoot("Error")
                .element("Code", code.code())
                .element("Message", e.getMessage() == null ? code.defaultMessage() : e.getMessage());
        e.details().forEach(doc::element);
        doc.element("Resource", resource).element("RequestId", requestId).end();
        S3Response xml = S3Response.xml(code.status(), doc.toString()).errorCode(code.code());
        e.headers().forEach(xml::header);
        if (code == S3ErrorCode.SLOW_DOWN || code == S3ErrorCode.SERVICE_UNAVAILABLE) {
            xml.header("Retry-After", "1");
        }
        return xml;
    }
}
