package io.sherpa.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE.md: services never import each other; validation knows nothing of Kafka or MongoDB. */
@AnalyzeClasses(packages = "io.sherpa", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule ingestImportsNoOtherService = noClasses()
            .that()
            .resideInAPackage("io.sherpa.ingest..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sherpa.moderation..", "io.sherpa.notification..");

    @ArchTest
    static final ArchRule validationIsPlainJava = noClasses()
            .that()
            .haveSimpleNameEndingWith("Validator")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "com.mongodb..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule onlyThePublisherTalksToKafka = noClasses()
            .that()
            .resideInAPackage("io.sherpa.ingest..")
            .and()
            .doNotHaveSimpleName("EventPublisher")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate");
}
