package coffer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.Limits;
import coffer.it.support.RawS3;
import coffer.it.support.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Clients that send a byte a second cannot hold the request slots: 200 such connections (more than the
 * gateway's slots plus its queue), some trickling an unauthenticated body, some trickling their headers, and
 * signed requests still all succeed. An authenticated trickle is cut by the minimum data rate.
 */
class SlowClientsIT {
    private static final int SLOTS = 32;
    private static final int QUEUED = 8;
    private static final int BODY_TRICKLERS = 170;
    private static final int HEADER_TRICKLERS = 30;

    @Test
    void twoHundredTricklingConnectionsDoNotStopSignedRequests() throws Exception {
        Limits limits = new Limits(16 * 1024, Duration.ofSeconds(60), SLOTS, QUEUED, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        List<Socket> sockets = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.limits(limits));
             S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("slow"));
            int port = gateway.server().port();

            // An authenticated body at a byte a second: cut by the minimum data rate after its grace period.
            RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
            SdkHttpRequest signed = raw.sign(SdkHttpMethod.PUT, "/slow/signed-trickle", null,
                    Map.of("Content-Length", "1000000"), null, Clock.systemUTC());
            StringBuilder signedHead = new StringBuilder("PUT /slow/signed-trickle HTTP/1.1\r\n");
            signed.headers().forEach((k, v) -> v.forEach(value -> signedHead.append(k).append(": ").append(value)
                    .append("\r\n")));
            Socket signedTrickler = open(port, signedHead.append("\r\nx").toString(), sockets);
            CompletableFuture<String> signedAnswer = CompletableFuture.supplyAsync(() -> readAnswer(signedTrickler));

            List<Socket> bodyTricklers = new ArrayList<>();
            for (int i = 0; i < BODY_TRICKLERS; i++) {
                bodyTricklers.add(open(port, "PUT /slow/anonymous-" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 1000000\r\n\r\nx", sockets));
            }
            for (int i = 0; i < HEADER_TRICKLERS; i++) {
                open(port, "PUT /slow/headers-" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", sockets);
            }
            trickle.scheduleAtFixedRate(() -> {
                for (Socket s : sockets) {
                    try {
                        s.getOutputStream().write('a');
                        s.getOutputStream().flush();
                    } catch (IOException closedByTheGateway) {
                        // a refused trickler: nothing more to send
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
            Thread.sleep(2_000);

            for (int i = 0; i < 20; i++) {
                String key = "signed-" + i;
                s3.putObject(b -> b.bucket("slow").key(key), RequestBody.fromString("value " + key));
                assertEquals("value " + key, s3.getObjectAsBytes(b -> b.bucket("slow").key(key)).asUtf8String());
            }

            for (Socket s : bodyTricklers.subList(0, 5)) {
                String answer = readAnswer(s);
                assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
                assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
            }
            String cut = signedAnswer.get(40, TimeUnit.SECONDS);
            assertTrue(cut.startsWith("HTTP/1.1 400"), cut);
            assertTrue(cut.contains("<Code>RequestTimeout</Code>"), cut);
        } finally {
            trickle.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * A client that sends its request head and then nothing at all is cut by the minimum data rate too, not only by
     * the idle timeout (60 s here): a signed PUT, and a POST form, whose body is read before anyone is known.
     */
    @Test
    void aBodyThatNeverComesIsCutByTheMinimumRate() throws Exception {
        Limits limits = new Limits(16 * 1024, Duration.ofSeconds(60), SLOTS, QUEUED, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        List<Socket> sockets = new ArrayList<>();
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.limits(limits));
             S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("silent"));
            int port = gateway.server().port();
            RawS3 raw = new RawS3(gateway.endpoint(), TestGateway.ACCESS_KEY, TestGateway.SECRET_KEY);
            SdkHttpRequest signed = raw.sign(SdkHttpMethod.PUT, "/silent/k", null,
                    Map.of("Content-Length", "1000000"), null, Clock.systemUTC());
            StringBuilder head = new StringBuilder("PUT /silent/k HTTP/1.1\r\n");
            signed.headers().forEach((k, v) -> v.forEach(value -> head.append(k).append(": ").append(value)
                    .append("\r\n")));
            long start = System.nanoTime();
            Socket silentPut = open(port, head.append("\r\n").toString(), sockets);
            Socket silentForm = open(port, "POST /silent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: 100000\r\n\r\n",
                    sockets);
            CompletableFuture<String> form = CompletableFuture.supplyAsync(() -> readAnswer(silentForm));
            String put = readAnswer(silentPut);
            assertTrue(put.startsWith("HTTP/1.1 400"), put);
            assertTrue(put.contains("<Code>RequestTimeout</Code>"), put);
            String post = form.get(40, TimeUnit.SECONDS);
            assertTrue(post.startsWith("HTTP/1.1 400"), post);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.printf("[slow-clients] silent bodies cut after %d s (idle timeout 60 s)%n", seconds);
            assertTrue(seconds < 40, "cut by the rate, not the idle timeout: " + seconds + " s");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * A client whose headers stop before their end is cut by the idle timeout; it never made a request, and the
     * access log and the metrics show no 500 for it.
     */
    @Test
    void headersThatNeverEndAreCutAndNoInternalError() throws Exception {
        Limits limits = new Limits(16 * 1024, Duration.ofSeconds(2), SLOTS, QUEUED, Duration.ofSeconds(2),
                Duration.ofSeconds(2));
        try (TestGateway gateway = TestGateway.start((dir, config) -> config.limits(limits)
                .accessLog(dir.resolve("access.log").toString()))) {
            List<Socket> sockets = new ArrayList<>();
            try {
                Socket stalled = open(gateway.server().port(), "PUT /slow/k HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sl",
                        sockets);
                long start = System.nanoTime();
                readAnswer(stalled);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "cut by the idle timeout");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            java.nio.file.Path log = gateway.dataDir().resolve("access.log");
            Thread.sleep(500);
            String lines = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
            assertTrue(!lines.contains("\"status\":500"), lines);
        }
    }

    private static Socket open(int port, String start, List<Socket> sockets) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        socket.setSoTimeout(40_000);
        OutputStream out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** What the gateway sends until it closes the connection or its error document ends. */
    private static String readAnswer(Socket socket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
                if (bytes.toString(StandardCharsets.UTF_8).contains("</Error>")) {
                    break;
                }
            }
        } catch (IOException e) {
            // what arrived is the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
