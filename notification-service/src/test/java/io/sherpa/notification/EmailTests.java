package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.sherpa.common.test.SherpaInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** E-mail over real SMTP (GreenMail in the test JVM), with an unsubscribe link that works without signing in. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sherpa.notification.database=sherpa_notification_email",
            "sherpa.notification.mail-burst-cap=2",
            "sherpa.notification.mail-burst-window=3s"
        })
@AutoConfigureWebTestClient
@DirtiesContext
class EmailTests {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @Autowired
    WebTestClient http;

    @Test
    void sendsAnEmailWithAWorkingUnsubscribeLink() throws Exception {
        String site = "mail-" + UUID.randomUUID().toString().substring(0, 6);
        String key = MailFixtures.siteWithEmailUser(http, site, "amber", "amber@blog.example");
        MailFixtures.approve(site, "m1", "post-1", "amber", "Bob", "What a thoughtful post");

        await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length == 1);
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("amber@blog.example");
        assertThat(mail.getSubject()).isEqualTo("Bob commented on your post");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("What a thoughtful post");
        Matcher link =
                Pattern.compile("/api/v1/unsubscribe\\?token=([0-9a-f]+)").matcher(body);
        assertThat(link.find()).isTrue();

        http.get()
                .uri("/api/v1/unsubscribe?token=" + link.group(1))
                .exchange()
                .expectStatus()
                .isOk();
        http.get()
                .uri("/api/v1/users/amber/preferences")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.channels.length()")
                .isEqualTo(1)
                .jsonPath("$.channels[0]")
                .isEqualTo("inbox");
        http.get()
                .uri("/api/v1/unsubscribe?token=0000000000000000000000000000")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aBurstIsFoldedIntoADigestGroupedByPost() throws Exception {
        String site = "burst-" + UUID.randomUUID().toString().substring(0, 6);
        int before = SMTP.getReceivedMessages().length;
        MailFixtures.siteWithEmailUser(http, site, "busy", "busy@blog.example");
        for (int i = 0; i < 8; i++) {
            MailFixtures.approve(site, "b" + i, "post-" + (i % 2), "busy", "Reader " + i, "Burst comment " + i);
            Thread.sleep(100);
        }

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            String all = Arrays.stream(SMTP.getReceivedMessages())
                    .skip(before)
                    .map(GreenMailUtil::getBody)
                    .reduce("", String::concat);
            for (int i = 0; i < 8; i++) {
                assertThat(all).contains("Burst comment " + i);
            }
        });
        MimeMessage[] mails =
                Arrays.stream(SMTP.getReceivedMessages()).skip(before).toArray(MimeMessage[]::new);
        assertThat(mails.length).isLessThan(8);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : mails) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).anyMatch(subject -> subject.endsWith("new notifications"));
        assertThat(Arrays.stream(mails).map(GreenMailUtil::getBody)).anyMatch(b -> b.contains("On post post-"));
    }
}
