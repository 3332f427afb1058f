package io.sherpa.common.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real parts integration tests run against, started once per test JVM and shared by every Spring
 * context of it: an Apache Kafka broker (KRaft) in this JVM and the MongoDB-wire-compatible
 * mongo-java-server on a loopback port. Tests get them with {@link #register(DynamicPropertyRegistry)}.
 */
public final class SherpaInfrastructure {

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static String mongoUri;

    private SherpaInfrastructure() {}

    public static synchronized String kafkaBootstrap() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperty("auto.create.topics.enable", "false");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            broker.brokerProperty("transaction.state.log.replication.factor", "1");
            broker.brokerProperty("transaction.state.log.min.isr", "1");
            broker.brokerProperty("transaction.state.log.num.partitions", "4");
            broker.brokerProperty("offsets.topic.replication.factor", "1");
            broker.brokerProperty("offsets.topic.num.partitions", "4");
            broker.afterPropertiesSet();
            kafka = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        }
        return kafka.getBrokersAsString();
    }

    public static synchronized String mongoUri() {
        if (mongo == null) {
            MemoryBackend backend = new MemoryBackend();
            backend.enableOplog();
            mongo = new MongoServer(backend);
            mongo.bind("127.0.0.1", 0);
            InetSocketAddress address = mongo.getLocalAddress();
            mongoUri = "mongodb://127.0.0.1:" + address.getPort() + "/?serverSelectionTimeoutMS=3000";
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow, "embedded-mongo-stop"));
        }
        return mongoUri;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SherpaInfrastructure::kafkaBootstrap);
        registry.add("spring.mongodb.uri", SherpaInfrastructure::mongoUri);
    }
}
