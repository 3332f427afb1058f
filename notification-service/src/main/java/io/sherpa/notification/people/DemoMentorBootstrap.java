package io.sherpa.notification.people;

import io.sherpa.notification.NotificationProperties;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** For local runs: {@code SHERPA_DEMO_MENTOR=id:name} makes that person a mentor of the demo site. */
@Component
class DemoMentorBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DemoMentorBootstrap.class);

    private final NotificationProperties settings;
    private final PeopleStore people;

    DemoMentorBootstrap(NotificationProperties settings, PeopleStore people) {
        this.settings = settings;
        this.people = people;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createDemoMentor() {
        String spec = settings.demoMentor();
        if (spec == null || spec.isBlank()) {
            return;
        }
        String id = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String name = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : spec;
        try {
            people.findMentor(settings.demoSite(), id)
                    .switchIfEmpty(people.saveMentor(new PeopleStore.MentorRecord(
                            settings.demoSite(), id, name, null, null, null, List.of(), List.of())))
                    .block(Duration.ofSeconds(20));
            log.info("Mentor '{}' ready for site '{}'", id, settings.demoSite());
        } catch (RuntimeException e) {
            log.error("Could not create the demo mentor: {}", e.toString());
        }
    }
}
