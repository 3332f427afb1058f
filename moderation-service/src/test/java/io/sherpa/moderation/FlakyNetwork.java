package io.sherpa.moderation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the browser and the service that can drop the network: {@link #down()} cuts every open
 * connection and refuses new ones until {@link #up()}. What a moderator's laptop sees when Wi-Fi goes away.
 */
final class FlakyNetwork implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    FlakyNetwork(int target) {
        this.target = target;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accepting = new Thread(this::accept, "flaky-network");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void down() {
        down = true;
        open.forEach(FlakyNetwork::closeQuietly);
        open.clear();
    }

    void up() {
        down = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket browserSide = listener.accept();
                if (down) {
                    closeQuietly(browserSide);
                    continue;
                }
                Socket serviceSide = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(browserSide);
                open.add(serviceSide);
                pump(browserSide, serviceSide);
                pump(serviceSide, browserSide);
            } catch (IOException e) {
                // listener closed, or the service refused: the browser sees a failed connection
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // dropped
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "flaky-network-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        down();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
