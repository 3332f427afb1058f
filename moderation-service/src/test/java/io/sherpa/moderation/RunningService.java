package io.sherpa.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.test.SherpaInfrastructure;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
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
            "sherpa.moderation.training-delay=100ms",
            "sherpa.moderation.training-overdue=2s",
            // a busy two-core CI machine once took over 5 s (the default) to answer a moderator's 404
            "spring.test.webtestclient.timeout=15s"
        })
@AutoConfigureWebTestClient
abstract class RunningService {

    /** The hidden field of the sign-in form that carries its CSRF token. */
    protected static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    private MongoClient mongo;

    @Autowired
    private WebTestClient web;

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

    /** Publishes a new site with one API key and waits until this service accepts the key. */
    protected String siteWithKey(String site) {
        String key = Events.aSite(site);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> web.get()
                        .uri("/api/v1/policy")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk());
        return key;
    }

    /** Signs in through the form as a browser would; returns the session cookie's value. */
    protected String signIn(String name, String password) {
        EntityExchangeResult<String> page = web.get()
                .uri("/login")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
        Matcher token = CSRF_FIELD.matcher(page.getResponseBody());
        assertThat(token.find()).as("CSRF field in the sign-in form").isTrue();
        ResponseCookie before = page.getResponseCookies().getFirst("SESSION");
        var result = web.post()
                .uri("/login")
                .cookie("SESSION", before.getValue())
                .body(BodyInserters.fromFormData("username", name)
                        .with("password", password)
                        .with("_csrf", token.group(1)))
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals("Location", "/")
                .expectCookie()
                .httpOnly("SESSION", true)
                .expectCookie()
                .sameSite("SESSION", "Strict")
                .returnResult(Void.class);
        String after = result.getResponseCookies().getFirst("SESSION").getValue();
        assertThat(after).as("a new session id after sign-in").isNotEqualTo(before.getValue());
        return after;
    }
}
