package io.sherpa.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE.md: common imports no service; events and ids are plain Java. */
@AnalyzeClasses(packages = "io.sherpa.common", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule commonImportsNoService = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sherpa.ingest..", "io.sherpa.moderation..", "io.sherpa.notification..");

    @ArchTest
    static final ArchRule eventsAndIdsKnowNothingOfSpringKafkaOrMongo = noClasses()
            .that()
            .resideInAnyPackage("io.sherpa.common.events..", "io.sherpa.common.ids..", "io.sherpa.common.topics..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..");
}
