package io.sherpa.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification-service ({@code sherpa.notification.*}).
 *
 * @param database the MongoDB database this service owns
 * @param unansweredDelay how long a newcomer's question may wait for an approved reply before mentors hear of it
 * @param timerInterval how often due timers are looked for
 * @param deliveryInterval how often due deliveries (webhook, e-mail) are looked for
 * @param allowPrivateWebhooks whether webhook URLs may point at private, loopback or link-local addresses
 *     (local development only)
 * @param webhookAttempts attempts of a webhook delivery before it is dead-lettered
 * @param webhookBackoff the first pause between attempts; doubles each time, with jitter
 * @param webhookTimeout how long one webhook call may take
 * @param publicUrl where this service is reachable by people (for unsubscribe links)
 * @param mailFrom the sender of e-mails
 * @param demoMentor {@code id:name} of a mentor of the demo site created at start-up ({@code SHERPA_DEMO_MENTOR})
 * @param demoSite the demo site
 * @param mailBurstCap e-mails one person may get within {@code mailBurstWindow} before the rest are folded into a digest
 * @param mailBurstWindow the window of that cap
 * @param parallelDecisions decisions about different comments of one poll applied side by side (those about
 *     the same comment always one after the other, in order)
 */
@ConfigurationProperties("sherpa.notification")
public record NotificationProperties(
        @DefaultValue("sherpa_notification") String database,
        @DefaultValue("30m") Duration unansweredDelay,
        @DefaultValue("1s") Duration timerInterval,
        @DefaultValue("250ms") Duration deliveryInterval,
        @DefaultValue("false") boolean allowPrivateWebhooks,
        @DefaultValue("6") int webhookAttempts,
        @DefaultValue("1s") Duration webhookBackoff,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("http://localhost:8083") String publicUrl,
        @DefaultValue("sherpa@localhost") String mailFrom,
        String demoMentor,
        @DefaultValue("demo") String demoSite,
        @DefaultValue("5") int mailBurstCap,
        @DefaultValue("10m") Duration mailBurstWindow,
        @DefaultValue("16") int parallelDecisions) {}
