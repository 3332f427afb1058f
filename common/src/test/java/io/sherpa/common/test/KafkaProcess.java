package io.sherpa.common.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real Apache Kafka broker (KRaft, single node) in a child JVM, on fixed loopback ports and a data
 * directory that survive restarts: what fault tests need to kill a broker ({@code kill -9}) and bring the
 * same one back. Runs {@code kafka.Kafka} from the test classpath.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaProcess(Path dir) throws IOException, InterruptedException {
        this.dir = dir.toAbsolutePath();
        this.port = freePort();
        this.controllerPort = freePort();
        Files.createDirectories(this.dir.resolve("data"));
        Files.writeString(
                this.dir.resolve("server.properties"),
                String.join(
                                "\n",
                                List.of(
                                        "process.roles=broker,controller",
                                        "node.id=1",
                                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                                                + controllerPort,
                                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                        "controller.listener.names=CONTROLLER",
                                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                                        "log.dirs=" + this.dir.resolve("data"),
                                        "num.partitions=1",
                                        "offsets.topic.replication.factor=1",
                                        "offsets.topic.num.partitions=4",
                                        "transaction.state.log.replication.factor=1",
                                        "transaction.state.log.min.isr=1",
                                        "transaction.state.log.num.partitions=4",
                                        "share.coordinator.state.topic.replication.factor=1",
                                        "group.initial.rebalance.delay.ms=0",
                                        "auto.create.topics.enable=false"))
                        + "\n");
        run("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId(), "-c", properties())
                .waitFor();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = run("kafka.Kafka", properties());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited; see " + dir.resolve("kafka.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka did not open port " + port + " within 60 s");
    }

    /** {@code kill -9}: no shutdown hook, no flush. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private String properties() {
        return dir.resolve("server.properties").toString();
    }

    private String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private Process run(String mainClass, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("kafka.log").toFile()))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
