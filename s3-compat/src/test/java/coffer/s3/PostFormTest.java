package coffer.s3;

import static coffer.s3.Forms.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostFormTest {

    private static S3ErrorCode refusal(byte[] body) {
        return assertThrows(S3Exception.class, () -> PostForm.read(new ByteArrayInputStream(body),
                Forms.contentType())).error();
    }

    @Test
    void fieldsBeforeTheFileAreLowerCasedAndTheFileStreams() throws Exception {
        byte[] body = new Forms().field("Key", "k").field("X-Amz-Meta-Colour", "blue")
                .file("file", "C:\\Users\\me\\photo.jpg", "image/jpeg", bytes("JPEG"))
                .field("after", "ignored").build();
        PostForm form = PostForm.read(Forms.trickle(body, 3), Forms.contentType());

        assertEquals(List.of("key", "x-amz-meta-colour"), List.copyOf(form.fields().keySet()));
        assertEquals(Optional.of("blue"), form.field("x-amz-meta-colour"));
        assertEquals(Optional.of("photo.jpg"), form.filename());
        assertArrayEquals(bytes("JPEG"), form.file().readAllBytes());
        form.drain();
    }

    @Test
    void refusals() {
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refusal(new Forms().field("key", "k").build()));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, refusal(new Forms().field("key", "a").field("KEY", "b")
                .file("file", "f", "text/plain", bytes("x")).build()));
        assertEquals(S3ErrorCode.MAX_POST_PRE_DATA_LENGTH_EXCEEDED, refusal(new Forms()
                .field("x-amz-meta-big", "v".repeat(PostForm.MAX_FIELD_BYTES)).file("file", "f", "t", bytes("x"))
                .build()));
        assertEquals(S3ErrorCode.MALFORMED_POST_REQUEST, refusal(bytes("not multipart at all")));
        assertEquals(S3ErrorCode.MALFORMED_POST_REQUEST, assertThrows(S3Exception.class,
                () -> PostForm.read(InputStream.nullInputStream(), "multipart/form-data")).error());
    }

    @Test
    void aFileCutShortIsMalformed() throws Exception {
        byte[] body = bytes("--" + Forms.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"a\"\r\n\r\nstarts but never ends");
        PostForm form = PostForm.read(new ByteArrayInputStream(body), Forms.contentType());
        InputStream file = form.file();
        assertEquals(S3ErrorCode.MALFORMED_POST_REQUEST,
                assertThrows(S3Exception.class, file::readAllBytes).error());
    }
}
