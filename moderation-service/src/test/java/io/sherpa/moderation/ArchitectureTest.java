package io.sherpa.moderation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE.md: the domain (scoring, policy) knows nothing of Spring, Kafka or MongoDB; services never import each other. */
@AnalyzeClasses(packages = "io.sherpa", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule scoringIsPlainJava = noClasses()
            .that()
            .resideInAPackage("io.sherpa.moderation.scoring..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..", "reactor..");

    @ArchTest
    static final ArchRule policyRulesArePlainJava = noClasses()
            .that()
            .haveFullyQualifiedName("io.sherpa.moderation.policy.Policy")
            .or()
            .haveFullyQualifiedName("io.sherpa.moderation.policy.PolicyValidator")
            .or()
            .haveFullyQualifiedName("io.sherpa.moderation.policy.PolicyDocument")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..", "reactor..");

    @ArchTest
    static final ArchRule moderationImportsNoOtherService = noClasses()
            .that()
            .resideInAPackage("io.sherpa.moderation..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sherpa.ingest..", "io.sherpa.notification..");

    @ArchTest
    static final ArchRule scoringDoesNotReachIntoAdapters = noClasses()
            .that()
            .resideInAPackage("io.sherpa.moderation.scoring..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sherpa.moderation.pipeline..", "io.sherpa.moderation.queue..", "io.sherpa.moderation.web..");
}
