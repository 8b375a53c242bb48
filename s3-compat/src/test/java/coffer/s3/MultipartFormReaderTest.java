package coffer.s3;

import static coffer.s3.Forms.bytes;
import static coffer.s3.Forms.trickle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartFormReaderTest {

    private static List<String> readAll(InputStream in, String boundary) throws IOException {
        MultipartFormReader reader = new MultipartFormReader(in, boundary, 20 * 1024);
        List<String> out = new ArrayList<>();
        for (Optional<MultipartFormReader.Part> p = reader.next(); p.isPresent(); p = reader.next()) {
            out.add(p.get().name() + "|" + p.get().filename().orElse("-") + "|" + p.get().contentType().orElse("-")
                    + "|" + new String(reader.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 100_000})
    void fieldsAndFileWhateverTheReadSizes(int piece) throws IOException {
        // The file holds near-misses of the delimiter and line ends of its own.
        String content = "line1\r\n--" + Forms.BOUNDARY.substring(0, 10) + "\r\n-\r\n--\r\nend\r\n";
        byte[] body = new Forms().field("key", "a/${filename}").field("Content-Type", "text/plain")
                .file("file", "x.txt", "text/plain", bytes(content)).build();

        assertEquals(List.of("key|-|-|a/${filename}", "Content-Type|-|-|text/plain", "file|x.txt|text/plain|" + content),
                readAll(trickle(body, piece), Forms.BOUNDARY));
    }

    @Test
    void largeFileStreamsThroughTheWindow() throws IOException {
        byte[] content = new byte[3 * MultipartFormReader.WINDOW + 17];
        new Random(7).nextBytes(content);
        byte[] body = new Forms().file("file", "big.bin", "application/octet-stream", content).build();
        MultipartFormReader reader = new MultipartFormReader(trickle(body, 5000), Forms.BOUNDARY, 1024);

        assertEquals("file", reader.next().orElseThrow().name());
        assertArrayEquals(content, reader.body().readAllBytes());
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void emptyValuesPreambleEpilogueAndBareNewlines() throws IOException {
        String body = "preamble text\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n"
                + "--B  \n"
                + "content-disposition: form-data; name=b\n\nvalue\r\n--B--\r\nepilogue";
        assertEquals(List.of("a|-|-|", "b|-|-|value"), readAll(new ByteArrayInputStream(bytes(body)), "B"));
    }

    @Test
    void skippingAPartUnreadMovesToTheNext() throws IOException {
        byte[] body = new Forms().field("a", "x".repeat(100_000)).field("b", "y").build();
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(body), Forms.BOUNDARY, 1024);
        assertEquals("a", reader.next().orElseThrow().name());
        assertEquals("b", reader.next().orElseThrow().name());
        assertEquals("y", new String(reader.body().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThrows(MultipartFormReader.MalformedFormException.class,
                () -> readAll(new ByteArrayInputStream(bytes("no delimiter here")), "B"));
        assertThrows(MultipartFormReader.MalformedFormException.class, () -> readAll(new ByteArrayInputStream(
                bytes("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut short")), "B"));
        assertThrows(MultipartFormReader.MalformedFormException.class, () -> readAll(new ByteArrayInputStream(
                bytes("--B\r\nno colon\r\n\r\nx\r\n--B--")), "B"));
        assertThrows(MultipartFormReader.MalformedFormException.class, () -> readAll(new ByteArrayInputStream(
                bytes("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--")), "B"));
        assertThrows(MultipartFormReader.MalformedFormException.class, () -> readAll(new ByteArrayInputStream(
                bytes("--Bjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--")), "B"));
    }

    @Test
    void partHeadersShareABudget() {
        String header = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: " + "p".repeat(600) + "\r\n\r\nv\r\n";
        byte[] body = bytes("--B\r\n" + header + "--B\r\n" + header + "--B--");
        MultipartFormReader reader = new MultipartFormReader(new ByteArrayInputStream(body), "B", 1000);
        assertThrows(MultipartFormReader.HeadersTooLargeException.class, () -> {
            reader.next();
            reader.next();
        });
    }

    @Test
    void dispositionParameters() {
        String value = "form-data; name=\"file\"; filename=\"a;b \\\"c\\\".txt\"";
        assertEquals(Optional.of("file"), MultipartFormReader.dispositionParameter(value, "name"));
        assertEquals(Optional.of("a;b \"c\".txt"), MultipartFormReader.dispositionParameter(value, "filename"));
        assertEquals(Optional.of("key"), MultipartFormReader.dispositionParameter("form-data; NAME=key ", "name"));
        assertEquals(Optional.empty(), MultipartFormReader.dispositionParameter("form-data; filename=x", "name"));
        assertEquals(Optional.of("XyZ"), MultipartFormReader.dispositionParameter(
                "multipart/form-data; charset=utf-8; boundary=\"XyZ\"", "boundary"));
    }
}
