package io.sherpa.moderation.moderators;

import io.sherpa.moderation.ModerationProperties;
import java.time.Duration;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** For local runs: {@code SHERPA_DEMO_MODERATOR=name:password} creates that moderator for the demo site(s). */
@Component
class DemoModeratorBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DemoModeratorBootstrap.class);

    private final ModerationProperties settings;
    private final ModeratorAccounts accounts;

    DemoModeratorBootstrap(ModerationProperties settings, ModeratorAccounts accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createDemoModerator() {
        String spec = settings.demoModerator();
        if (spec == null || spec.isBlank() || !spec.contains(":")) {
            return;
        }
        String name = spec.substring(0, spec.indexOf(':'));
        String password = spec.substring(spec.indexOf(':') + 1);
        try {
            accounts.save(name, password, new HashSet<>(settings.demoModeratorSites()), true)
                    .block(Duration.ofSeconds(20));
            log.info("Moderator '{}' ready for sites {}", name, settings.demoModeratorSites());
        } catch (RuntimeException e) {
            log.error("Could not create the demo moderator: {}", e.toString());
        }
    }
}
