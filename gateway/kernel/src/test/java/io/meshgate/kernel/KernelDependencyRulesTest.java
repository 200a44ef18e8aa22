package io.meshgate.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The kernel and its config records stay free of control-plane technology:
 * the Maven enforcer bans the artifacts, this test bans the imports.
 */
class KernelDependencyRulesTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.kernel", "io.meshgate.config");

    @Test
    void kernelImportsNoControlPlaneTechnology() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..", "io.helidon..", "org.jooq..", "com.vaadin..")
                .because("the kernel consumes ProxyConfig records only")
                .check(KERNEL);
    }

    @Test
    void kernelWritesJsonWithoutJacksonDatabind() {
        // every proxy process runs the kernel; databind costs one ~1,100 classes and 6-14 MiB of RSS. The
        // access log and the admin pages write their JSON by hand (observe.JsonText); the config's codec,
        // io.meshgate.config.json, is another module's and not checked here
        noClasses().that().resideInAPackage("io.meshgate.kernel..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("a proxy process loads no jackson-databind")
                .check(KERNEL);
    }

    @Test
    void configRecordsDependOnNothingButTheJdk() {
        // the records' package only: their JSON codec (io.meshgate.config.json) is Jackson's business
        noClasses().that().resideInAPackage("io.meshgate.config")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.meshgate.config", "java..")
                .check(KERNEL);
    }
}
