package io.sherpa.common.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a request and then a plain one on the same kept-alive connection, byte by byte over a socket, as a
 * pooled HTTP client would: after any answer, the server must either close the connection or answer the next
 * request on it. A connection left open with part of the first request unread makes the next request wait for
 * an answer that never comes.
 */
public final class KeepAliveProbe {

    private static final int TIMEOUT_MS = 5_000;

    private final int port;
    private final String followUpPath;
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    /** {@code followUpPath}: a GET that needs no credentials and answers 200, e.g. the health endpoint. */
    public KeepAliveProbe(int port, String followUpPath) {
        this.port = port;
        this.followUpPath = followUpPath;
    }

    /** Probes with one shot; a failure is recorded, not thrown, so one run lists all of them. */
    public void probe(HostileFire.Shot shot) {
        probes.incrementAndGet();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            try {
                out.write(request(shot.method(), shot.path(), shot.headers(), shot.body()));
                out.flush();
            } catch (IOException refusedWhileUploading) {
                return; // the server closed while the body was still being sent: nothing is left to hang
            }
            Optional<Response> first;
            try {
                first = read(in);
            } catch (SocketTimeoutException e) {
                failures.add("no answer to " + shot);
                return;
            }
            if (first.isEmpty()) {
                return; // closed: a client opens a new connection
            }
            if (first.get().closes()) {
                // said it will close: it must, or a client that missed the header waits on a dead connection
                try {
                    if (in.read() != -1) {
                        failures.add("bytes after an answer that closes the connection, after "
                                + first.get().status() + " to " + shot);
                    }
                } catch (SocketTimeoutException e) {
                    failures.add("'Connection: close' but the connection stayed open, after "
                            + first.get().status() + " to " + shot);
                } catch (IOException reset) {
                    // closed by a reset: fine
                }
                return;
            }
            try {
                out.write(request("GET", followUpPath, Map.of(), null));
                out.flush();
                Optional<Response> second = read(in);
                if (second.isEmpty()) {
                    failures.add("the connection closed without an answer to the next request, after "
                            + first.get().status() + " to " + shot);
                } else if (second.get().status() != 200) {
                    failures.add("the next request got " + second.get().status() + ", after "
                            + first.get().status() + " to " + shot);
                }
            } catch (SocketTimeoutException e) {
                failures.add("the next request on the connection got no answer, after "
                        + first.get().status() + " (kept alive) to " + shot);
            } catch (IOException closed) {
                // closed under the next request: a client retries it on a new connection
            }
        } catch (IOException e) {
            failures.add("could not probe " + shot + ": " + e);
        }
    }

    public int probes() {
        return probes.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    private static byte[] request(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\n");
        headers.forEach((name, value) -> {
            if (value != null && !name.equalsIgnoreCase("content-length")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    private record Response(int status, boolean closes) {}

    /** One response, its body read to the end; empty when the connection closed before a status line. */
    private static Optional<Response> read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return Optional.empty();
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                in.readNBytes((int) size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.readNBytes((int) length);
        } else if (length < 0) {
            closes = true; // no length and not chunked: the body ends when the connection does
        }
        return Optional.of(new Response(status, closes));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = bytes.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
