package io.sherpa.moderation;

import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.sites.ApiKeys;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test-side producer of what other services would publish: sites and submitted comments. */
final class Events {

    private static KafkaProducer<String, String> producer;

    private Events() {}

    static synchronized KafkaProducer<String, String> producer() {
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
        return producer;
    }

    /** Publishes a site with one API key and returns the key. */
    static String aSite(String siteId) {
        String key = ApiKeys.newSecret();
        SiteChanged site = new SiteChanged(
                SiteId.of(siteId),
                siteId,
                List.of(new SiteChanged.ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(key), Instant.now())),
                false,
                null,
                Instant.now());
        send(Topics.SITES.name(), siteId, EventJson.write(site));
        return key;
    }

    static CommentSubmitted aComment(String siteId, String externalId, String authorId, String text) {
        SiteId site = SiteId.of(siteId);
        Instant now = Instant.now();
        return new CommentSubmitted(
                EventId.random(),
                CommentId.derive(site, externalId),
                site,
                externalId,
                "post-1",
                "amber",
                "A post",
                "https://blog.example/post-1",
                null,
                null,
                null,
                new CommentSubmitted.Author(authorId, authorId, null, null),
                text,
                now,
                now,
                CommentSubmitted.Envelope.NONE);
    }

    static void submit(CommentSubmitted event) {
        send(Topics.COMMENTS_SUBMITTED.name(), event.partitionKey(), EventJson.write(event));
    }

    static void send(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
