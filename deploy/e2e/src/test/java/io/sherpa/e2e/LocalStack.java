package io.sherpa.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stack as {@code ./run-local.sh} runs it, on free ports and with its data under {@code target/}, started from
 * another working directory than the repository's.
 */
final class LocalStack {

    static final List<String> SERVICES = List.of("ingest-service", "moderation-service", "notification-service");
    static final String ADMIN_TOKEN = "adm_e2e_" + Long.toHexString(System.nanoTime());
    static final String DEMO_KEY = "sk_demo_e2e_" + Long.toHexString(System.nanoTime());

    final Path root;
    final Path data;
    final Path workDir;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private Process up;
    private int starts;

    LocalStack(Path root, Path data, Path workDir) throws IOException {
        this.root = root;
        this.data = data;
        this.workDir = workDir;
        for (String name : List.of(
                "kafka",
                "kafka-controller",
                "mongodb",
                "ingest-service",
                "moderation-service",
                "notification-service")) {
            int port;
            do {
                port = freePort();
            } while (ports.containsValue(port));
            ports.put(name, port);
        }
        Files.createDirectories(workDir);
    }

    static boolean jarsBuilt(Path root) {
        return SERVICES.stream().allMatch(s -> Files.exists(root.resolve(s + "/target/" + s + ".jar")))
                && Files.isDirectory(root.resolve("deploy/local/target/lib"));
    }

    int port(String name) {
        return ports.get(name);
    }

    String url(String name, String path) {
        return "http://127.0.0.1:" + port(name) + path;
    }

    /** {@code ./run-local.sh} in the foreground (as a child); returns once it printed its URLs. */
    void start(Duration timeout) throws IOException, InterruptedException {
        Path log = workDir.resolve("run-local-" + (++starts) + ".log");
        up = command(List.of())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (out.contains("Sherpa is running.")) {
                return;
            }
            if (!up.isAlive()) {
                throw new IllegalStateException("run-local.sh exited with " + up.exitValue() + ":\n" + out + logs());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "run-local.sh did not come up within " + timeout + ":\n" + Files.readString(log) + logs());
    }

    /** {@code ./run-local.sh <args>} to completion: exit code and output. */
    Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** {@code ./run-local.sh <args>} to completion with more environment variables: exit code and output. */
    Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        ProcessBuilder command = command(List.of(args));
        command.environment().putAll(environment);
        Process p = command.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("run-local.sh " + String.join(" ", args) + " hung:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** The foreground {@code run-local.sh}: it returns by itself once {@code stop} stopped everything. */
    boolean waitForForegroundExit(Duration timeout) throws InterruptedException {
        return up == null || up.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops whatever is left, whatever happened before. */
    void destroy() {
        try {
            run("stop");
        } catch (Exception e) {
            // fall through to killing the foreground script
        }
        if (up != null) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SHERPA_DATA_DIR", data.toString());
        env.put("SHERPA_KAFKA_PORT", String.valueOf(port("kafka")));
        env.put("SHERPA_KAFKA_CONTROLLER_PORT", String.valueOf(port("kafka-controller")));
        env.put("SHERPA_MONGODB_PORT", String.valueOf(port("mongodb")));
        env.put("SHERPA_INGEST_PORT", String.valueOf(port("ingest-service")));
        env.put("SHERPA_MODERATION_PORT", String.valueOf(port("moderation-service")));
        env.put("SHERPA_NOTIFICATION_PORT", String.valueOf(port("notification-service")));
        env.put("SHERPA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("SHERPA_DEMO_API_KEY", DEMO_KEY);
        return env;
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        for (String name :
                List.of("kafka", "mongodb", "ingest-service", "moderation-service", "notification-service")) {
            Path log = data.resolve("logs/" + name + ".log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                all.append("\n--- ").append(name).append(" (last lines)\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(l -> all.append(l).append('\n'));
            } catch (IOException e) {
                all.append(e).append('\n');
            }
        }
        return all.toString();
    }

    /** The PID that {@code run-local.sh} wrote for a process ({@code data/run/<name>.pid}). */
    long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(data.resolve("run/" + name + ".pid")).trim());
    }

    /** {@code kill -9}: the process gets no chance to close anything; returns once it is gone. */
    void kill9(String name) throws Exception {
        kill(ProcessHandle.of(pid(name)), true);
    }

    /** {@code kill} (SIGTERM): the process shuts down the way it does on a normal stop. */
    void terminate(String name) throws Exception {
        kill(ProcessHandle.of(pid(name)), false);
    }

    static void kill(java.util.Optional<ProcessHandle> process, boolean forcibly) throws Exception {
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle p = process.get();
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        p.onExit().get(60, TimeUnit.SECONDS);
    }

    /**
     * One more instance of a service beside the one {@code run-local.sh} started: same jar, same Kafka and
     * store, same environment ({@code secrets()} and {@code start_service} of run-local.sh), its own port and
     * log ({@code data/logs/<name>-<port>.log}).
     */
    Process startInstance(String service, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "java",
                "-Xmx512m",
                "-jar",
                root.resolve(service + "/target/" + service + ".jar").toString(),
                "--server.port=" + port));
        if (service.equals("notification-service")) {
            command.add("--sherpa.notification.public-url=http://localhost:" + port);
        }
        command.add("--spring.kafka.bootstrap-servers=127.0.0.1:" + port("kafka"));
        command.add("--spring.mongodb.uri=mongodb://127.0.0.1:" + port("mongodb") + "/?serverSelectionTimeoutMS=3000");
        Files.createDirectories(data.resolve("logs"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        data.resolve("logs/" + service + "-" + port + ".log").toFile()));
        pb.environment().remove("SHERPA_KAFKA_BOOTSTRAP");
        pb.environment().remove("SHERPA_MONGODB_URI");
        pb.environment().put("SHERPA_ADMIN_TOKEN", ADMIN_TOKEN);
        pb.environment().put("SHERPA_DEMO_API_KEY", DEMO_KEY);
        pb.environment().put("SHERPA_DEMO_MODERATOR", "moderator:moderator");
        pb.environment().put("SHERPA_DEMO_MENTOR", "sherpa-sam:Sam the Sherpa");
        pb.environment().put("SHERPA_ALLOW_PRIVATE_WEBHOOKS", "true");
        return pb.start();
    }

    private ProcessBuilder command(List<String> args) {
        List<String> command =
                new ArrayList<>(List.of("bash", root.resolve("run-local.sh").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().remove("SHERPA_KAFKA_BOOTSTRAP");
        pb.environment().remove("SHERPA_MONGODB_URI");
        pb.environment().putAll(environment());
        return pb;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    record Result(int exitCode, String output) {}
}
