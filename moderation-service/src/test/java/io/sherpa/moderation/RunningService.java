package io.sherpa.moderation;

import io.sherpa.common.test.SherpaInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }
}
