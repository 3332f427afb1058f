package io.sherpa.common.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The probe against servers that behave and misbehave on purpose: it must tell them apart. */
class KeepAliveProbeTest {

    private static final String ANSWER = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n";
    private static final HostileFire.Shot SHOT = new HostileFire.Shot(
            "comment",
            "POST",
            "/api/v1/comments",
            Map.of("Content-Type", "application/json"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aServerThatAnswersTheNextRequestPasses() throws Exception {
        assertThat(probeAgainst((in, out) -> {
                    answer(out, ANSWER + "\r\n{}");
                    readSome(in);
                    answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                }))
                .isEmpty();
    }

    @Test
    void aServerThatSaysCloseAndClosesPasses() throws Exception {
        assertThat(probeAgainst((in, out) -> answer(out, ANSWER + "Connection: close\r\n\r\n{}")))
                .isEmpty();
    }

    @Test
    void aServerThatKeepsTheConnectionButNeverAnswersAgainFails() throws Exception {
        assertThat(probeAgainst((in, out) -> {
                    answer(out, ANSWER + "\r\n{}");
                    sleep(6_000);
                }))
                .singleElement()
                .asString()
                .contains("got no answer");
    }

    @Test
    void aServerThatSaysCloseButStaysOpenFails() throws Exception {
        assertThat(probeAgainst((in, out) -> {
                    answer(out, ANSWER + "Connection: close\r\n\r\n{}");
                    sleep(6_000);
                }))
                .singleElement()
                .asString()
                .contains("stayed open");
    }

    /** Runs {@code server} for the one connection the probe opens; returns the probe's failures. */
    private static java.util.List<String> probeAgainst(BiConsumer<InputStream, OutputStream> server) throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            Thread serving = new Thread(() -> {
                try (Socket socket = listening.accept()) {
                    readSome(socket.getInputStream());
                    server.accept(socket.getInputStream(), socket.getOutputStream());
                } catch (IOException e) {
                    // the probe went away
                }
            });
            serving.setDaemon(true);
            serving.start();
            KeepAliveProbe probe = new KeepAliveProbe(listening.getLocalPort(), "/health");
            probe.probe(SHOT);
            return probe.failures();
        }
    }

    private static void readSome(InputStream in) {
        try {
            in.read(new byte[8192]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(OutputStream out, String response) {
        try {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
