package io.sherpa.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.DispatcherHandler;

/** Registers {@link ProblemHandling} and the {@link UnreadBodyFilter} in every reactive web service. */
@AutoConfiguration
@ConditionalOnClass(DispatcherHandler.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class SherpaWebAutoConfiguration {

    @Bean
    SherpaProblemHandling sherpaProblemHandling() {
        return new SherpaProblemHandling();
    }

    @Bean
    UnreadBodyFilter sherpaUnreadBodyFilter() {
        return new UnreadBodyFilter();
    }

    /** The advice as a bean: advice classes are found by annotation, so the annotation lives here. */
    @RestControllerAdvice
    static class SherpaProblemHandling extends ProblemHandling {}
}
