package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.HeadlessChromium;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The dashboard in Debian's headless Chromium against the whole service: a real Kafka broker (KRaft), the
 * MongoDB wire protocol, held comments published as {@code CommentSubmitted} events. Skipped when Chromium
 * is not installed.
 */
class DashboardBrowserTests extends RunningService {

    private static final Duration LIVE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    private static ChromeDriver shared;

    private final List<ChromeDriver> browsers = new ArrayList<>();

    @AfterAll
    static void closeSharedBrowser() {
        if (shared != null) {
            shared.quit();
            shared = null;
        }
    }

    @BeforeEach
    void needsChromium() {
        HeadlessChromium.assumeInstalled();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(ChromeDriver::quit);
    }

    @Test
    void signsInWithTheRightPasswordAndSaysSoClearlyOnAWrongOne() {
        String site = newSite();
        String name = moderatorOf(site);
        ChromeDriver browser = browser();

        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn(browser, name, "not-the-password");
        patiently(browser, LIVE).until(ExpectedConditions.urlContains("/login?error"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Wrong user name or password");

        signIn(browser, name, "password-1");
        waitReady(browser);
        assertThat(browser.findElement(By.id("me")).getText()).isEqualTo(name);
        assertThat(browser.manage().getCookieNamed("SESSION").isHttpOnly()).isTrue();
        assertThat(browser.manage().getCookieNamed("SESSION").getSameSite()).isEqualTo("Strict");

        browser.findElement(By.id("sign-out")).click();
        patiently(browser, LIVE).until(ExpectedConditions.urlContains("/login?signed-out"));
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aHeldCommentAppearsLiveAndIsApprovedByButtonAndByKeyboard() {
        String site = newSite();
        String name = moderatorOf(site);
        ChromeDriver browser = signedIn(name);
        assertThat(cards(browser)).isEmpty();

        CommentSubmitted first = held(site, "live-1", "lena", "Write to me: lena@shop.example");
        CommentSubmitted second = held(site, "live-2", "omar", "Call 555-123-4567 for a deal");
        waitForCard(browser, first);
        waitForCard(browser, second);
        assertThat(browser.findElement(By.id("live")).getAttribute("data-state"))
                .isEqualTo("live");

        card(browser, first).findElement(By.cssSelector("button.approve")).click();
        waitGone(browser, first);

        press(browser, "?");
        assertThat(browser.findElement(By.id("help")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("help")).getText()).contains("approve the current comment");
        press(browser, org.openqa.selenium.Keys.ESCAPE.toString());
        patiently(browser, LIVE).until(b -> !b.findElement(By.id("help")).isDisplayed());

        // the remaining card is the current one: approve it with the keyboard, note typed first
        WebElement note = card(browser, second).findElement(By.cssSelector("input.note"));
        note.sendKeys("phone number is the shop's public line");
        browser.findElement(By.tagName("body")).click();
        press(browser, "j");
        press(browser, "a");
        waitGone(browser, second);

        Map<String, CommentDecided> decided = awaitDecisions(List.of(id(first), id(second)), 2);
        for (CommentDecided d : decided.values()) {
            assertThat(d.decision()).isEqualTo(Decision.APPROVED);
            assertThat(d.source()).isEqualTo(DecisionSource.MODERATOR);
            assertThat(d.moderatorId()).isEqualTo(name);
        }

        browser.get(url("/audit"));
        waitReady(browser);
        String audit = browser.findElement(By.id("audit")).getText();
        assertThat(audit).contains(name).contains("held → approved").contains("phone number is the shop's public line");
        assertNoConsoleErrors(browser);

        browser.get(url("/overview"));
        waitReady(browser);
        assertThat(browser.findElement(By.cssSelector("[data-outcome=APPROVED]"))
                        .getText())
                .matches("approved .*: \\d+ this minute, [1-9]\\d* in 30 min");
        assertThat(browser.findElement(By.id("overrides")).getText()).contains(site + " held approved 2");
        assertNoConsoleErrors(browser);
    }

    @Test
    void whatAnotherModeratorDecidesDisappearsWithoutAReload() {
        String site = newSite();
        String name = moderatorOf(site);
        String colleague = moderatorOf(site);
        ChromeDriver browser = signedIn(name);
        CommentSubmitted comment = held(site, "other-1", "pia", "write me: pia@mailbox.example");
        waitForCard(browser, comment);
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true");

        http.post()
                .uri("/api/v1/comments/{id}/decision", id(comment))
                .headers(h -> h.setBasicAuth(colleague, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "REJECTED"))
                .exchange()
                .expectStatus()
                .isOk();

        waitGone(browser, comment);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument"))
                .isEqualTo(true);
    }

    @Test
    void theLiveQueueRecoversByItselfAfterTheNetworkDrops() {
        String site = newSite();
        String name = moderatorOf(site);
        try (FlakyNetwork network = new FlakyNetwork(port)) {
            ChromeDriver browser = browser();
            browser.get("http://localhost:" + network.port() + "/login");
            signIn(browser, name, "password-1");
            waitReady(browser);
            waitLive(browser);

            network.down();
            patiently(browser, LIVE)
                    .until(b ->
                            "reconnecting".equals(b.findElement(By.id("live")).getAttribute("data-state")));
            CommentSubmitted whileAway = held(site, "away-1", "quinn", "while you were away: quinn@mail.example");
            awaitDecisions(List.of(id(whileAway)), 1);

            network.up();
            waitForCard(browser, whileAway); // caught up without a reload
            waitLive(browser);
            CommentSubmitted afterwards = held(site, "back-1", "quinn", "and now: quinn@mail.example again");
            waitForCard(browser, afterwards);
        }
    }

    @Test
    void aCardSaysWhoWroteItAndWhyAndIsRejectedByButtonByKeyAndWithTheAuthorsOtherComments() {
        String siteA = newSite();
        String siteB = newSite();
        String name = "mod-" + UUID.randomUUID().toString().substring(0, 8);
        moderators.save(name, "password-1", Set.of(siteA, siteB), false).block();
        ChromeDriver browser = signedIn(name);

        CommentSubmitted first = held(siteA, "card-1", "tom", "New here! Write to me: tom@mail.example");
        WebElement card = waitForCard(browser, first);
        CommentSubmitted second = held(siteA, "card-2", "tom", "Still waiting, tom@mail.example, any answer?");
        CommentSubmitted linkDrop = held(siteB, "card-3", "una", "Look at this https://bit.ly/3xYz9Qa");
        CommentSubmitted spam1 = held(siteB, "card-4", "vic", "deals for you: vic@deals.example");
        CommentSubmitted spam2 = held(siteB, "card-5", "vic", "more deals: vic@deals.example");
        for (CommentSubmitted c : List.of(second, linkDrop, spam1, spam2)) {
            waitForCard(browser, c);
        }

        // who wrote it, on which post, why it waits, how it scored, for how long
        assertThat(card.findElement(By.cssSelector(".badge")).getText()).isEqualTo("First comment");
        assertThat(card.findElement(By.cssSelector(".history")).getText())
                .matches("\u2713 \\d+ approved \u00b7 \\d+ held \u00b7 \u2717 \\d+ rejected");
        assertThat(card.findElement(By.cssSelector(".post a")).getText()).isEqualTo("A post");
        assertThat(card.findElement(By.cssSelector(".post a")).getAttribute("href"))
                .isEqualTo("https://blog.example/post-1");
        assertThat(card.findElement(By.cssSelector(".reasons")).getText()).contains("Contains contact details");
        assertThat(card.findElements(By.cssSelector(".scores li")))
                .isNotEmpty()
                .allSatisfy(li -> assertThat(li.getText()).matches(".+ \\d{1,3}%"));
        assertThat(card.findElement(By.cssSelector(".waited")).getText()).startsWith("waiting ");
        WebElement latest = card(browser, second).findElement(By.cssSelector("details.recent"));
        latest.findElement(By.tagName("summary")).click();
        assertThat(latest.getText()).contains("Latest comments by tom").contains("New here!");

        // filters: by site, then by reason
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-site"))).selectByValue(siteB);
        patiently(browser, LIVE).until(b -> cards(b).size() == 3);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-reason")))
                .selectByValue("URL_SHORTENER");
        patiently(browser, LIVE).until(b -> cards(b).size() == 1);
        assertThat(card(browser, linkDrop).isDisplayed()).isTrue();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-reason"))).selectByValue("");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-site"))).selectByValue("");
        patiently(browser, LIVE).until(b -> cards(b).size() == 5);

        // reject by button, with a note
        card(browser, first).findElement(By.cssSelector("input.note")).sendKeys("asks for private mail");
        card(browser, first).findElement(By.cssSelector("button.reject")).click();
        waitGone(browser, first);
        // reject by key
        browser.findElement(By.tagName("body")).click();
        focusOn(browser, linkDrop);
        press(browser, "r");
        waitGone(browser, linkDrop);
        // every held comment of one author at once
        card(browser, spam1).findElement(By.cssSelector("button.reject-author")).click();
        browser.switchTo().alert().accept();
        waitGone(browser, spam1);
        waitGone(browser, spam2);
        assertThat(cards(browser)).hasSize(1);

        Map<String, CommentDecided> decided = awaitDecisions(List.of(id(first), id(linkDrop), id(spam1), id(spam2)), 2);
        assertThat(decided.values()).allSatisfy(d -> {
            assertThat(d.decision()).isEqualTo(Decision.REJECTED);
            assertThat(d.source()).isEqualTo(DecisionSource.MODERATOR);
            assertThat(d.moderatorId()).isEqualTo(name);
        });
        assertThat(awaitDecisions(List.of(id(second)), 1).get(id(second)).decision())
                .isEqualTo(Decision.HELD);

        browser.get(url("/audit"));
        waitReady(browser);
        assertThat(browser.findElement(By.id("audit")).getText())
                .contains("held \u2192 rejected")
                .contains("asks for private mail");
        assertNoConsoleErrors(browser);
    }

    @Test
    void theDashboardRefusesASessionCallWithoutItsCsrfToken() {
        String site = newSite();
        ChromeDriver browser = signedIn(moderatorOf(site));
        CommentSubmitted comment = held(site, "csrf-1", "cara", "mail me: cara@mail.example");
        waitForCard(browser, comment);
        // the same call the page makes, once with no token and once with the right header and a forged token
        String call = """
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/me').then(r => r.json()).then(me => {
                  const headers = {'Content-Type': 'application/json'};
                  if (arguments[1]) headers[me.csrf.headerName] = arguments[1];
                  return fetch('/api/v1/comments/' + arguments[0] + '/decision', {
                    method: 'POST', headers, body: JSON.stringify({decision: 'APPROVED'})
                  });
                }).then(r => done(r.status));
                """;
        Object withoutToken = ((JavascriptExecutor) browser).executeAsyncScript(call, id(comment), null);
        assertThat(withoutToken).isEqualTo(403L);
        Object forged = ((JavascriptExecutor) browser).executeAsyncScript(call, id(comment), "forged-token");
        assertThat(forged).isEqualTo(403L);
        assertThat(awaitDecisions(List.of(id(comment)), 1).get(id(comment)).decision())
                .isEqualTo(Decision.HELD);
        assertThat(card(browser, comment).isDisplayed()).isTrue();
    }

    @Test
    void bulkRejectsTheSelectedCommentsAndLeavesTheOthers() {
        String site = newSite();
        ChromeDriver browser = signedIn(moderatorOf(site));
        CommentSubmitted a = held(site, "bulk-a", "spammer-1", "cheap pills: pills@spam.example");
        CommentSubmitted b = held(site, "bulk-b", "spammer-2", "more pills: more@spam.example");
        CommentSubmitted c = held(site, "bulk-c", "reader", "question for the author: reader@mail.example");
        waitForCard(browser, a);
        waitForCard(browser, b);
        waitForCard(browser, c);

        card(browser, a).findElement(By.cssSelector("input.select")).click();
        browser.findElement(By.tagName("body")).click();
        focusOn(browser, b);
        press(browser, "x");
        assertThat(browser.findElement(By.id("selected-count")).getText()).isEqualTo("2 selected");
        browser.findElement(By.id("bulk-reject")).click();
        waitGone(browser, a);
        waitGone(browser, b);
        assertThat(cards(browser)).hasSize(1);

        Map<String, CommentDecided> decided = awaitDecisions(List.of(id(a), id(b)), 2);
        assertThat(decided.values()).allMatch(d -> d.decision() == Decision.REJECTED);
        assertThat(awaitDecisions(List.of(id(c)), 1).get(id(c)).decision()).isEqualTo(Decision.HELD);
    }

    @Test
    void aHostileCommentIsShownAsTextAndRunsNothing() {
        String site = newSite();
        ChromeDriver browser = signedIn(moderatorOf(site));
        String hostile =
                "<img src=x onerror=alert(1)><script>window.owned=1;alert(2)</script>" + " mail me: bad@evil.example";
        CommentSubmitted comment = held(site, "xss-1", "mallory", hostile);
        WebElement card = waitForCard(browser, comment);

        Object shownText = ((JavascriptExecutor) browser)
                .executeScript(
                        "return Array.from(arguments[0].childNodes).filter(n => n.nodeName !== 'SUP')"
                                + ".map(n => n.textContent).join('')",
                        card.findElement(By.cssSelector("p.text")));
        assertThat(shownText).isEqualTo(hostile);
        assertThat(card.findElements(By.tagName("img"))).isEmpty();
        assertThat(card.findElements(By.tagName("script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.owned === undefined"))
                .isEqualTo(true);
        try {
            browser.switchTo().alert();
            throw new AssertionError("an alert ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        assertThat(markedText(card, "CONTACT_INFO")).isEqualTo("bad@evil.example");

        http.get()
                .uri("/")
                .exchange()
                .expectHeader()
                .value("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"));
    }

    @Test
    void aModeratorOfOneSiteNeitherSeesNorActsOnAnother() {
        String siteA = newSite();
        String siteB = newSite();
        String modA = moderatorOf(siteA);
        String modB = moderatorOf(siteB);
        ChromeDriver browser = signedIn(modA);
        CommentSubmitted onB = held(siteB, "b-1", "bea", "reach me at bea@b.example");
        CommentSubmitted onA = held(siteA, "a-1", "abe", "reach me at abe@a.example");
        waitForCard(browser, onA);
        awaitDecisions(List.of(id(onB)), 1);
        assertThat(cards(browser)).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("[data-id='" + id(onB) + "']")))
                .isEmpty();
        assertThat(browser.findElement(By.id("filter-site")).getText())
                .contains(siteA)
                .doesNotContain(siteB);

        // the dashboard's own session cannot act on site B either
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/me').then(r => r.json()).then(me =>
                  fetch('/api/v1/comments/' + arguments[0] + '/decision', {
                    method: 'POST',
                    headers: {'Content-Type': 'application/json', [me.csrf.headerName]: me.csrf.token},
                    body: JSON.stringify({decision: 'APPROVED'})
                  })).then(r => done(r.status));
                """, id(onB));
        assertThat(status).isEqualTo(404L);

        // and neither can HTTP Basic
        http.get()
                .uri("/api/v1/queue?site={site}", siteB)
                .headers(h -> h.setBasicAuth(modA, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(0);
        http.post()
                .uri("/api/v1/comments/{id}/decision", id(onB))
                .headers(h -> h.setBasicAuth(modA, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "APPROVED"))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri("/api/v1/queue/authors/bea/reject?site={site}", siteB)
                .headers(h -> h.setBasicAuth(modA, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(awaitDecisions(List.of(id(onB)), 1).get(id(onB)).sequence()).isEqualTo(1);
        assertThat(modB).isNotBlank();
    }

    @Test
    void theSeedThreadsHeldCommentsShowTheirReasonsAndOneIsApprovedByKeyboard() throws Exception {
        Path seed = Path.of("../../shared/fixtures/seed-thread.jsonl");
        Assumptions.assumeTrue(Files.exists(seed), "seed thread not present");
        forgetCampaigns();
        String site = newSite();
        String name = moderatorOf(site);
        Map<String, CommentSubmitted> byExternal = new java.util.LinkedHashMap<>(); // in thread order
        for (String line : Files.readAllLines(seed)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = EventJson.mapper().readValue(line, Map.class);
            if (!"comment".equals(item.get("type"))) {
                continue;
            }
            Map<?, ?> author = (Map<?, ?>) item.get("author");
            CommentSubmitted event = Events.aComment(
                    site,
                    (String) item.get("externalId"),
                    (String) author.get("id"),
                    (String) author.get("name"),
                    (String) item.get("text"),
                    "Why badly thought out social media bothers me",
                    "https://blog.example/sherpa-post");
            byExternal.put((String) item.get("externalId"), event);
        }
        ChromeDriver browser = signedIn(name, 1280, 1700); // tall enough for both held comments in the screenshot
        byExternal.values().forEach(Events::submit);
        WebElement c5a = waitForCard(browser, byExternal.get("c5a"));
        WebElement c8a = waitForCard(browser, byExternal.get("c8a"));

        assertThat(markedText(c5a, "CONTACT_INFO")).isEqualTo("mike@blog4business.com");
        assertThat(c5a.findElement(By.cssSelector(".reasons")).getText()).contains("Contains contact details");
        assertThat(markedText(c8a, "URL_SHORTENER")).contains("idek.net/1X");
        assertThat(c8a.findElement(By.cssSelector(".post a")).getText())
                .isEqualTo("Why badly thought out social media bothers me");
        screenshot(browser);

        focusOn(browser, byExternal.get("c8a"));
        press(browser, "a");
        waitGone(browser, byExternal.get("c8a"));
        CommentDecided approved =
                awaitDecisions(List.of(id(byExternal.get("c8a"))), 2).get(id(byExternal.get("c8a")));
        assertThat(approved.decision()).isEqualTo(Decision.APPROVED);
        assertThat(approved.source()).isEqualTo(DecisionSource.MODERATOR);
    }

    @Test
    void anAdminCreatesAModeratorAndDisablesThemFromTheDashboard() {
        String site = newSite();
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        moderators.save(admin, "password-1", Set.of("*"), true).block();
        String name = "new-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver browser = signedIn(admin);
        browser.findElement(By.id("nav-admin")).click();
        waitReady(browser);

        WebElement form = browser.findElement(By.id("new-moderator"));
        form.findElement(By.name("username")).sendKeys(name);
        form.findElement(By.name("password")).sendKeys("a-good-password");
        form.findElement(By.name("sites")).sendKeys(site);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        By rowOfNewcomer = By.cssSelector("#moderators tr[data-username='" + name + "']");
        patiently(browser, LIVE)
                .until(b -> site.equals(b.findElement(rowOfNewcomer)
                        .findElement(By.cssSelector("input"))
                        .getAttribute("value")));

        ChromeDriver newcomer = anotherBrowser(1280, 900);
        newcomer.get(url("/login"));
        signIn(newcomer, name, "a-good-password");
        waitReady(newcomer);
        assertThat(newcomer.findElement(By.id("me")).getText()).isEqualTo(name);
        assertThat(newcomer.findElement(By.id("nav-admin")).isDisplayed()).isFalse();
        newcomer.get(url("/admin"));
        assertThat(newcomer.getPageSource()).doesNotContain("new-moderator");

        // the admin page re-renders its table after every change: find the row afresh, and let the
        // wait look again when it catches the table between two renders
        patiently(browser, LIVE).until(b -> {
            b.findElement(rowOfNewcomer)
                    .findElement(By.cssSelector("input[aria-label$='is disabled']"))
                    .click();
            return true;
        });
        patiently(browser, LIVE).until(b -> {
            b.findElement(rowOfNewcomer).findElement(By.tagName("button")).click();
            return true;
        });
        patiently(browser, LIVE)
                .until(b -> b.findElement(By.cssSelector("#moderators tr[data-username='" + name + "']"))
                        .getText()
                        .contains("(disabled)"));
        newcomer.get(url("/"));
        assertThat(newcomer.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void fitsAPhonesWidth() {
        String site = newSite();
        ChromeDriver browser = signedIn(moderatorOf(site), 390, 844);
        CommentSubmitted comment = held(site, "phone-1", "ines", "reach me at ines@phone.example please");
        WebElement card = waitForCard(browser, comment);
        long scrollWidth =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        long clientWidth =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth");
        assertThat(scrollWidth)
                .as(
                        "wider than the screen: %s",
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        "return Array.from(document.querySelectorAll('body *'))"
                                                + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)"
                                                + ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 10).join(', ')"))
                .isLessThanOrEqualTo(clientWidth);
        assertThat(card.findElement(By.cssSelector("button.approve")).isDisplayed())
                .isTrue();
    }

    // ---- helpers ----

    /** The class's laptop-sized browser, signed out and emptied for each test (starting one costs seconds). */
    private ChromeDriver browser() {
        return browser(1280, 900);
    }

    private ChromeDriver browser(int width, int height) {
        if (width < 600) {
            return anotherBrowser(width, height); // a phone: emulated from the start
        }
        if (shared == null) {
            shared = HeadlessChromium.start(width, height);
        } else {
            shared.get("about:blank");
            shared.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            shared.manage().logs().get(LogType.BROWSER); // drops what earlier tests logged
            shared.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        }
        return shared;
    }

    /** A second browser of its own (another person at another machine), closed after the test. */
    private ChromeDriver anotherBrowser(int width, int height) {
        ChromeDriver driver = HeadlessChromium.start(width, height);
        browsers.add(driver);
        return driver;
    }

    private ChromeDriver signedIn(String name) {
        return signedIn(name, 1280, 900);
    }

    private ChromeDriver signedIn(String name, int width, int height) {
        ChromeDriver browser = browser(width, height);
        browser.get(url("/login"));
        signIn(browser, name, "password-1");
        waitReady(browser);
        waitLive(browser);
        return browser;
    }

    /**
     * A wait that looks again when the page replaced the element it was reading (a navigation, a re-render):
     * such an element is gone, not wrong.
     */
    private static WebDriverWait patiently(ChromeDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void waitLive(ChromeDriver browser) {
        patiently(browser, LIVE)
                .until(b -> "live".equals(b.findElement(By.id("live")).getAttribute("data-state")));
    }

    private void signIn(ChromeDriver browser, String name, String password) {
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    private void waitReady(ChromeDriver browser) {
        patiently(browser, LIVE)
                .until(b -> "true".equals(b.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private WebElement waitForCard(ChromeDriver browser, CommentSubmitted comment) {
        try {
            return patiently(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("article.card[data-id='" + id(comment) + "']")));
        } catch (org.openqa.selenium.TimeoutException e) {
            CommentDecided decided = awaitDecisions(List.of(id(comment)), 1).get(id(comment));
            throw new AssertionError(
                    "no card for " + comment.externalId() + " (decided " + decided.decision() + "); page says: "
                            + browser.findElement(By.id("toast")).getText() + " / "
                            + browser.findElement(By.id("live")).getText() + "; console: "
                            + browser.manage().logs().get(LogType.BROWSER).getAll(),
                    e);
        }
    }

    private void waitGone(ChromeDriver browser, CommentSubmitted comment) {
        patiently(browser, LIVE)
                .until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("article.card[data-id='" + id(comment) + "']"), 0));
    }

    private WebElement card(ChromeDriver browser, CommentSubmitted comment) {
        return browser.findElement(By.cssSelector("article.card[data-id='" + id(comment) + "']"));
    }

    private List<WebElement> cards(org.openqa.selenium.WebDriver browser) {
        return browser.findElements(By.cssSelector("article.card"));
    }

    /** Moves the keyboard cursor with {@code j}/{@code k} until it is on the comment. */
    private void focusOn(ChromeDriver browser, CommentSubmitted comment) {
        press(browser, "k");
        for (int i = 0; i < 50 && !card(browser, comment).getAttribute("class").contains("current"); i++) {
            press(browser, "j");
        }
        assertThat(card(browser, comment).getAttribute("class")).contains("current");
    }

    private void press(ChromeDriver browser, String key) {
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(key).perform();
    }

    private void screenshot(ChromeDriver browser) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path docs = Path.of("..", "docs");
        if (Files.isDirectory(docs)) {
            Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void assertNoConsoleErrors(ChromeDriver browser) {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("favicon"))
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    private CommentSubmitted held(String site, String externalId, String author, String text) {
        CommentSubmitted comment = aComment(site, externalId, author, text);
        submit(comment);
        return comment;
    }

    private String moderatorOf(String site) {
        String name = "mod-" + UUID.randomUUID().toString().substring(0, 8);
        moderators.save(name, "password-1", Set.of(site), false).block();
        return name;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String id(CommentSubmitted comment) {
        return comment.commentId().asString();
    }

    private static String newSite() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The text marked for one reason code. Overlapping reasons (a model's evidence inside an e-mail address)
     * split a span into several marks, each listing the codes that cover it; joined they are the span.
     */
    private static String markedText(WebElement card, String code) {
        return card.findElements(By.cssSelector("mark[data-code~=" + code + "]")).stream()
                .map(WebElement::getText)
                .collect(java.util.stream.Collectors.joining());
    }
}
