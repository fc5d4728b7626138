// Tier: unit (ArchUnit over the compiled topology classes, no broker).
package io.coursestream.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Topologies are plain functions over Kafka Streams: the Quarkus apps adapt them, never the other way round. */
@AnalyzeClasses(packages = "io.coursestream.topology", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule topologiesDoNotDependOnQuarkusOrCdi = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta.enterprise..", "jakarta.inject..", "javax.inject..",
                    "io.smallrye..", "org.eclipse.microprofile..")
            .because("topology/ holds pure Kafka Streams code that runs under TopologyTestDriver without a container");

    @ArchTest
    static final ArchRule topologiesDoNotPerformSideEffects = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon.awssdk..", "jakarta.mail..", "java.net.http..")
            .because("side effects (storage, mail, HTTP) belong to workers in services/");
}
