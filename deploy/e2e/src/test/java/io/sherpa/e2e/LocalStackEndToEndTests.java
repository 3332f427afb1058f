package io.sherpa.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sherpa.common.test.HeadlessChromium;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole system as {@code ./run-local.sh} starts it: a real Kafka broker, the embedded MongoDB-wire-compatible
 * store and the three services as processes. The seed thread goes through it, a real Prometheus scrapes all three
 * services and PromQL agrees with what the APIs say; the demo moderator clears held comments in the dashboard in
 * headless Chromium; an unreadable record reaches its dead-letter topic and the alert on it fires; then the stack
 * stops cleanly and keeps its data across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndTests {

    static final Path ROOT =
            Path.of(System.getProperty("sherpa.root", "../..")).toAbsolutePath().normalize();
    static final Path SEED =
            ROOT.resolve("../shared/fixtures/seed-thread.jsonl").normalize();
    static final Path TARGET = ROOT.resolve("deploy/e2e/target");

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalStack stack;
    private PrometheusServer prometheus;
    private String helloId;

    @BeforeAll
    void startStack() throws Exception {
        Assumptions.assumeTrue(
                LocalStack.jarsBuilt(ROOT),
                "the services' jars are not built (run mvn package or mvn verify from the repository root)");
        Path data = TARGET.resolve("e2e-data");
        deleteRecursively(data);
        stack = new LocalStack(ROOT, data, TARGET.resolve("e2e-work"));
        stack.start(Duration.ofMinutes(4));
    }

    @AfterAll
    void stopStack() throws Exception {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (stack != null) {
            stack.destroy();
        }
    }

    @Test
    @Order(1)
    void everyServiceServesItsHealthGroupsAndTheDemoSiteTakesComments() throws Exception {
        for (String service : LocalStack.SERVICES) {
            for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
                awaitOk(stack.url(service, path), service + " " + path);
            }
            awaitOk(stack.url(service, "/v3/api-docs"), service + " OpenAPI");
        }
        HttpResponse<String> accepted = postComment(comment("e2e-hello", "p-e2e", "ann", "Ann", "Hello Sherpa!"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        helloId = json.readTree(accepted.body()).path("id").asString();
        awaitDecision(helloId);
    }

    @Test
    @Order(2)
    void prometheusSeesTheDecisionsAndNotificationsOfTheReplayedSeedThread() throws Exception {
        Assumptions.assumeTrue(Files.exists(SEED), "seed thread not present at " + SEED);
        Assumptions.assumeTrue(Files.isExecutable(PrometheusServer.BINARY), "no /usr/bin/prometheus");
        Map<String, Integer> jobs = new LinkedHashMap<>();
        LocalStack.SERVICES.forEach(s -> jobs.put(s, stack.port(s)));
        prometheus = new PrometheusServer(ROOT, TARGET.resolve("e2e-prometheus"), jobs);

        List<String> ids = new ArrayList<>(replaySeedThread(202).values());
        assertThat(ids).hasSize(16);

        // what the APIs say: every comment decided; the post's author and the demo mentor notified
        Map<String, Integer> decisions = new TreeMap<>();
        for (String id : ids) {
            decisions.merge(awaitDecision(id), 1, Integer::sum);
        }
        assertThat(decisions.getOrDefault("APPROVED", 0)).isPositive();
        assertThat(decisions.getOrDefault("REJECTED", 0))
                .as("the repeated comments")
                .isPositive();
        int approved = decisions.getOrDefault("APPROVED", 0);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(inbox("amber")).hasSize(approved));
        Map<String, Integer> inboxKinds = new TreeMap<>();
        for (String user : List.of("amber", "sherpa-sam")) {
            for (JsonNode n : inbox(user)) {
                inboxKinds.merge(n.path("kind").asString(), 1, Integer::sum);
            }
        }
        assertThat(inboxKinds).containsEntry("COMMENT_ON_POST", approved).containsKey("NEWCOMER_FIRST_COMMENT");

        // what Prometheus scraped says the same
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(prometheus.alive()).isTrue();
                    // scraped successfully within the last minute (a loaded machine may miss a scrape now and then)
                    assertThat(prometheus.byLabel("max by (job) (max_over_time(up[1m]))", "job"))
                            .containsEntry("ingest-service", 1.0)
                            .containsEntry("moderation-service", 1.0)
                            .containsEntry("notification-service", 1.0);
                    Map<String, Double> decided = prometheus.byLabel(
                            "sum by (decision) (sherpa_moderation_decisions_total{site=\"demo\",source=\"AUTOMATIC\"})",
                            "decision");
                    Map<String, Double> expected = new TreeMap<>();
                    decisions.forEach((d, n) -> expected.put(d, (double) n));
                    expected.merge("APPROVED", 0.0, Double::sum);
                    if (helloId != null) {
                        expected.merge(decisionOf(helloId), 1.0, Double::sum); // the comment of the first test
                    }
                    expected.values().removeIf(v -> v == 0.0);
                    assertThat(decided).isEqualTo(expected);
                    assertThat(prometheus.byLabel(
                                    "sum by (kind) (sherpa_notifications_total{channel=\"inbox\",outcome=\"delivered\"})",
                                    "kind"))
                            .containsEntry("COMMENT_ON_POST", (double) inboxKinds.get("COMMENT_ON_POST"))
                            .containsEntry("NEWCOMER_FIRST_COMMENT", (double) inboxKinds.get("NEWCOMER_FIRST_COMMENT"));
                    assertThat(prometheus.byLabel(
                                    "sum by (site) (sherpa_ingest_comments_total{outcome=\"accepted\"})", "site"))
                            .containsEntry("demo", helloId == null ? 16.0 : 17.0);
                    assertThat(prometheus.query("sherpa_moderation_latency_seconds_count"))
                            .isNotEmpty();
                    // the dashboard's recording rules are loaded and evaluate on the real series
                    assertThat(prometheus.query("site_decision_source:sherpa_moderation_decisions:rate5m"))
                            .isNotEmpty();
                    assertThat(prometheus.query("application_topic:kafka_consumer_records_lag:sum"))
                            .isNotEmpty();
                    everyDashboardQueryRunsAndTheReplayedOnesShowData();
                    int held = (helloId != null && decisionOf(helloId).equals("HELD") ? 1 : 0)
                            + decisions.getOrDefault("HELD", 0);
                    if (held > 0) {
                        assertThat(prometheus.byLabel("site:sherpa_moderation_queue_depth:max", "site"))
                                .containsEntry("demo", (double) held);
                    }
                });
    }

    /**
     * What a new user does first: sign in as the demo moderator, replay the seed thread through ingest, find the
     * held comments with their reasons marked, approve one by keyboard and see ingest report it approved — and a
     * comment posted meanwhile appear — all in one page that never reloads.
     */
    @Test
    @Order(3)
    void theDemoModeratorClearsTheSeedThreadsHeldCommentsWithoutReloading() throws Exception {
        HeadlessChromium.assumeInstalled();
        Assumptions.assumeTrue(Files.exists(SEED), "seed thread not present at " + SEED);
        ChromeDriver browser = HeadlessChromium.start(1280, 1000);
        try {
            browser.get(stack.url("moderation-service", "/"));
            patiently(browser).until(b -> !b.findElements(By.id("username")).isEmpty());
            browser.findElement(By.id("username")).sendKeys("moderator");
            browser.findElement(By.id("password")).sendKeys("moderator");
            browser.findElement(By.id("sign-in")).click();
            patiently(browser)
                    .until(b -> "live".equals(b.findElement(By.id("live")).getAttribute("data-state")));
            browser.executeScript("window.sherpaSamePage = true");

            // the seed thread through ingest (a replay if an earlier test sent it: the same ids come back)
            Map<String, String> ids = replaySeedThread(200, 202);
            WebElement c5a = card(browser, ids.get("c5a"));
            WebElement c8a = card(browser, ids.get("c8a"));
            assertThat(marked(c5a, "CONTACT_INFO")).isEqualTo("mike@blog4business.com");
            assertThat(c5a.findElement(By.cssSelector(".reasons")).getText()).contains("Contains contact details");
            assertThat(marked(c8a, "URL_SHORTENER")).contains("idek.net/1X");

            // a comment posted now appears by itself
            HttpResponse<String> fresh = postComment(comment(
                    "e2e-live", "p-e2e", "newcomer-e2e", "Newcomer", "Write to me at deals@offers.example today"));
            assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(202);
            String freshId = json.readTree(fresh.body()).path("id").asString();
            assertThat(awaitDecision(freshId)).isEqualTo("HELD");
            card(browser, freshId);

            // approve c8a by keyboard: move the cursor onto it with j/k, press a
            By onC8a = By.cssSelector("article.card[data-id='" + ids.get("c8a") + "']");
            press(browser, "k");
            for (int i = 0;
                    i < 50 && !browser.findElement(onC8a).getAttribute("class").contains("current");
                    i++) {
                press(browser, "j");
            }
            assertThat(browser.findElement(onC8a).getAttribute("class")).contains("current");
            press(browser, "a");
            patiently(browser).until(ExpectedConditions.numberOfElementsToBe(onC8a, 0));

            // ingest, which the blog platform asks, reports the moderator's decision
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> status =
                        get(stack.url("ingest-service", "/api/v1/comments/" + ids.get("c8a")), LocalStack.DEMO_KEY);
                JsonNode decision = json.readTree(status.body()).path("decision");
                assertThat(decision.path("decision").asString()).isEqualTo("APPROVED");
                assertThat(decision.path("source").asString()).isEqualTo("MODERATOR");
            });
            // and the post's author hears of the approved comment
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(inbox("amber"))
                            .extracting(n -> n.path("commentId").asString())
                            .contains(ids.get("c8a")));
            assertThat(browser.executeScript("return window.sherpaSamePage === true"))
                    .as("the page was never reloaded")
                    .isEqualTo(true);
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void anUnreadableRecordReachesItsDeadLetterTopicAndTheAlertFires() throws Exception {
        Assumptions.assumeTrue(prometheus != null, "no Prometheus running");
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + stack.port("kafka"),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sherpa.comments.submitted.v1", "demo/e2e", "this is not an event"))
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(prometheus.byLabel("application_topic:kafka_producer_dlt_records:sum", "topic"))
                            .containsEntry("sherpa.comments.submitted.v1.DLT", 1.0);
                    assertThat(prometheus.byLabel("application_topic:sherpa_dead_letters:sum", "topic"))
                            .containsEntry("sherpa.comments.submitted.v1.DLT", 1.0);
                    assertThat(prometheus.byLabel(
                                    "ALERTS{alertname=\"SherpaDeadLetterRecords\",alertstate=\"firing\"}", "topic"))
                            .containsKey("sherpa.comments.submitted.v1.DLT");
                });
    }

    @Test
    @Order(5)
    void stopsCleanlyAndKeepsItsDataAcrossARestart() throws Exception {
        Assumptions.assumeTrue(helloId != null, "the stack did not take the first comment");
        String before = decisionOf(helloId);
        int amberBefore = inbox("amber").size();
        LocalStack.Result stop = stack.run("stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(stack.waitForForegroundExit(Duration.ofSeconds(30)))
                .as("run-local.sh returns once everything is stopped")
                .isTrue();
        try (Stream<Path> pids = Files.list(stack.data.resolve("run"))) {
            assertThat(pids).as("PID files left").isEmpty();
        }
        for (String name : stack.ports.keySet()) {
            assertThat(listening(stack.port(name)))
                    .as("%s's port still open", name)
                    .isFalse();
        }
        LocalStack.Result status = stack.run("status");
        assertThat(status.output()).contains("kafka: stopped", "ingest-service: stopped");

        stack.start(Duration.ofMinutes(4));
        assertThat(stack.run("status").output()).doesNotContain("stopped");
        assertThat(decisionOf(helloId))
                .as("the comment and its decision survived")
                .isEqualTo(before);
        assertThat(inbox("amber")).as("the notifications survived").hasSize(amberBefore);
        HttpResponse<String> again = postComment(comment("e2e-hello", "p-e2e", "ann", "Ann", "Hello Sherpa!"));
        assertThat(again.statusCode()).as("a replay after the restart").isEqualTo(200);

        // one process killed, then started again on its own
        long pid = Long.parseLong(Files.readString(stack.data.resolve("run/notification-service.pid"))
                .trim());
        ProcessHandle killed = ProcessHandle.of(pid).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get(30, TimeUnit.SECONDS);
        assertThat(stack.run("status").output()).contains("notification-service: stopped");
        LocalStack.Result start = stack.run("start", "notification-service");
        assertThat(start.exitCode()).as(start.output()).isZero();
        awaitOk(stack.url("notification-service", "/actuator/health/readiness"), "notification-service again");
        assertThat(inbox("amber")).hasSize(amberBefore);
    }

    /** Every query of deploy/grafana/dashboards/sherpa.json parses; the panels the replay feeds show data. */
    private void everyDashboardQueryRunsAndTheReplayedOnesShowData() throws Exception {
        Set<String> fed = Set.of(
                "Services up",
                "Ingest rate by outcome",
                "Decisions by outcome",
                "Decisions by reason",
                "Submitted → decided (percentiles)",
                "Consumer lag",
                "Notifications by channel and outcome",
                "Decided → delivered (percentiles)",
                "JVM heap used",
                "JVM non-heap used");
        JsonNode dashboard = json.readTree(
                ROOT.resolve("deploy/grafana/dashboards/sherpa.json").toFile());
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            int results = 0;
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString().replace("$site", ".*");
                results += prometheus.query(expr).size(); // throws when the query does not parse
            }
            String title = panel.path("title").asString();
            if (fed.contains(title)) {
                seen.add(title);
                assertThat(results).as("panel '%s' shows data", title).isPositive();
            }
        }
        assertThat(seen).isEqualTo(fed);
    }

    // --- helpers

    /** Posts the seed thread's comments to ingest in order; their ids by external id. */
    private Map<String, String> replaySeedThread(Integer... statuses) throws IOException, InterruptedException {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SEED)) {
            JsonNode item = json.readTree(line);
            if (!"comment".equals(item.path("type").asString())) {
                continue;
            }
            ObjectNode body = ((ObjectNode) item).deepCopy();
            body.remove("type");
            HttpResponse<String> response = postComment(body);
            assertThat(response.statusCode()).as(response.body()).isIn((Object[]) statuses);
            ids.put(
                    item.path("externalId").asString(),
                    json.readTree(response.body()).path("id").asString());
        }
        return ids;
    }

    private static WebDriverWait patiently(ChromeDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The comment's card, once the live queue shows it. */
    private static WebElement card(ChromeDriver browser, String commentId) {
        return patiently(browser)
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("article.card[data-id='" + commentId + "']")));
    }

    /** The text marked for one reason code (overlapping reasons split a span into several marks). */
    private static String marked(WebElement card, String code) {
        return card.findElements(By.cssSelector("mark[data-code~=" + code + "]")).stream()
                .map(WebElement::getText)
                .collect(java.util.stream.Collectors.joining());
    }

    private static void press(ChromeDriver browser, String key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private ObjectNode comment(String externalId, String postId, String authorId, String name, String text) {
        ObjectNode c = json.createObjectNode();
        c.put("externalId", externalId).put("postId", postId).put("text", text);
        c.putObject("author").put("id", authorId).put("name", name);
        return c;
    }

    private HttpResponse<String> postComment(JsonNode body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.url("ingest-service", "/api/v1/comments")))
                        .header("Authorization", "Bearer " + LocalStack.DEMO_KEY)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Until the URL answers 200: a loaded machine may answer slowly at first. */
    private void awaitOk(String url, String what) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(
                        () -> assertThat(get(url, null).statusCode()).as(what).isEqualTo(200));
    }

    private String decisionOf(String id) throws IOException, InterruptedException {
        HttpResponse<String> status = get(stack.url("ingest-service", "/api/v1/comments/" + id), LocalStack.DEMO_KEY);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        return json.readTree(status.body()).path("decision").path("decision").asString();
    }

    private String awaitDecision(String id) {
        String[] decision = new String[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(decision[0] = decisionOf(id)).isNotBlank());
        return decision[0];
    }

    private List<JsonNode> inbox(String user) throws IOException, InterruptedException {
        HttpResponse<String> page = get(
                stack.url("notification-service", "/api/v1/users/" + user + "/notifications?limit=200"),
                LocalStack.DEMO_KEY);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        json.readTree(page.body()).path("items").forEach(items::add);
        return items;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
