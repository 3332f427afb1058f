package io.sherpa.moderation;

import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.test.SherpaInfrastructure;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * The one moderation-service the integration tests share (one Spring context, one consumer group): a real
 * Kafka broker (KRaft) and the MongoDB wire protocol. Models refresh and train quickly here.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sherpa.moderation.queue-gauge-interval=1s",
            "sherpa.moderation.model-refresh=300ms",
            "sherpa.moderation.training-delay=100ms"
        })
@AutoConfigureWebTestClient
abstract class RunningService {

    @Autowired
    private MongoClient mongo;

    @Autowired
    private ModerationProperties settings;

    /**
     * Forgets every text seen so far, for tests that replay the same fixture (the seed thread) on a site of
     * their own: to the campaign detector, the same comments arriving on a second site within a day are a
     * campaign, and rightly held.
     */
    protected void forgetCampaigns() {
        Mono.from(mongo.getDatabase(settings.database())
                        .getCollection("campaign_bands")
                        .drop())
                .block(Duration.ofSeconds(10));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }
}
