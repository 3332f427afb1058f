package io.sherpa.common.test;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.sites.ApiKeys;
import io.sherpa.common.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** What tests of services other than ingest need from the outside world: sites with keys, records on topics. */
public final class TestSites {

    private static KafkaProducer<String, String> producer;

    private TestSites() {}

    /** Publishes a site with one new API key to {@code sherpa.sites.v1} and returns the key. */
    public static String publish(String siteId) {
        return publish(siteId, false);
    }

    /** Publishes a disabled site with one API key and returns the key, which services must refuse. */
    public static String publishDisabled(String siteId) {
        return publish(siteId, true);
    }

    private static String publish(String siteId, boolean disabled) {
        String key = ApiKeys.newSecret();
        SiteChanged site = new SiteChanged(
                SiteId.of(siteId),
                siteId,
                List.of(new SiteChanged.ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(key), Instant.now())),
                disabled,
                null,
                Instant.now());
        send(Topics.SITES.name(), siteId, EventJson.write(site));
        return key;
    }

    /** Sends a record to the shared test broker and waits for the acknowledgement. */
    public static synchronized void send(String topic, String key, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            SherpaInfrastructure.kafkaBootstrap(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }
}
