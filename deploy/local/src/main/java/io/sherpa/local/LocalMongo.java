package io.sherpa.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded MongoDB-wire-compatible store of local runs: mongo-java-server with its H2 backend, data in
 * one file that survives restarts. Not for production: it has no transactions, no TTL expiry and no
 * replication (real MongoDB through docker compose or a cluster has all three).
 *
 * <p>Usage: {@code LocalMongo <data-file>|:memory: [host] [port]}, defaults {@code 127.0.0.1 27017}.
 */
public final class LocalMongo {

    private LocalMongo() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LocalMongo <data-file> [host] [port]");
            System.exit(2);
        }
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 27017;
        de.bwaldvogel.mongo.backend.AbstractMongoBackend backend;
        if (args[0].equals(":memory:")) {
            backend = new de.bwaldvogel.mongo.backend.memory.MemoryBackend();
            System.out.println("MongoDB-wire-compatible store in memory only: nothing survives a restart");
        } else {
            Path file = Path.of(args[0]).toAbsolutePath();
            Files.createDirectories(file.getParent());
            backend = new H2Backend(file.toString());
            System.out.println("Data in " + file);
        }
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("MongoDB-wire-compatible store listening on " + host + ":" + port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            backend.close();
                            stopped.countDown();
                        },
                        "local-mongo-stop"));
        stopped.await();
    }
}
