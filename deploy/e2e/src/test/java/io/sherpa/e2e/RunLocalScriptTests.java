package io.sherpa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./run-local.sh} says when it cannot run: a port already taken, a Java that is too old, a process that
 * does not start. Each time a clear message, a non-zero exit, and nothing left running.
 */
class RunLocalScriptTests {

    static final Path ROOT = LocalStackEndToEndTests.ROOT;
    static final Path TARGET = LocalStackEndToEndTests.TARGET;

    private LocalStack stack;

    @BeforeEach
    void freshStack() throws IOException {
        Path data = TARGET.resolve("run-local-data-" + System.nanoTime());
        stack = new LocalStack(ROOT, data, TARGET.resolve("run-local-work"));
    }

    @AfterEach
    void stopWhatIsLeft() {
        if (stack != null) {
            stack.destroy();
        }
    }

    @Test
    void aTakenPortIsNamedAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            stack.ports.put("moderation-service", taken.getLocalPort());

            LocalStack.Result up = stack.run();

            assertThat(up.exitCode()).as(up.output()).isNotZero();
            assertThat(up.output())
                    .contains("port " + taken.getLocalPort() + " (needed by moderation-service) is taken");
            assertNothingRuns();
        }
    }

    @Test
    void aJavaOlderThan17IsRefusedByName() throws Exception {
        Path bin = Files.createDirectories(TARGET.resolve("old-java-" + System.nanoTime()));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                echo '    java.specification.version = 11' >&2
                echo 'openjdk version "11.0.22" 2024-01-16' >&2
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        LocalStack.Result up = stack.run(Map.of("PATH", bin + ":" + System.getenv("PATH")));

        assertThat(up.exitCode()).as(up.output()).isNotZero();
        assertThat(up.output()).contains("Java 11 is too old: Sherpa needs Java 17 or newer");
        assertNothingRuns();
    }

    @Test
    void aServiceThatCannotStartStopsWhatWasStartedBeforeIt() throws Exception {
        Assumptions.assumeTrue(LocalStack.jarsBuilt(ROOT), "the services' jars are not built");
        // a heap far too small for a JVM to start: the broker and the store start, the first service does not
        LocalStack.Result up = stack.run(Map.of("SHERPA_JAVA_OPTS", "-Xmx1m"));

        assertThat(up.exitCode()).as(up.output()).isNotZero();
        assertThat(up.output())
                .contains("kafka up on")
                .contains("ingest-service exited during start-up")
                .contains("start-up failed; stopping what was started")
                .contains("stopped kafka");
        assertNothingRuns();
    }

    private void assertNothingRuns() throws Exception {
        LocalStack.Result status = stack.run("status");
        assertThat(status.output())
                .contains("kafka: stopped", "mongodb: stopped")
                .doesNotContain("running");
        for (String name : new String[] {"kafka", "mongodb", "ingest-service"}) {
            assertThat(portFree(stack.port(name))).as("port of %s free", name).isTrue();
        }
    }

    private static boolean portFree(int port) {
        try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
