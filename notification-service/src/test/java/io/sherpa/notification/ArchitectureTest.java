package io.sherpa.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE.md: who-gets-notified rules are plain Java; services never import each other. */
@AnalyzeClasses(packages = "io.sherpa", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule rulesArePlainJava = noClasses()
            .that()
            .resideInAPackage("io.sherpa.notification.recipients..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..", "reactor..");

    @ArchTest
    static final ArchRule notificationImportsNoOtherService = noClasses()
            .that()
            .resideInAPackage("io.sherpa.notification..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sherpa.ingest..", "io.sherpa.moderation..");
}
