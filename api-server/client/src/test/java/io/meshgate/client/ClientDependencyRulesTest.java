package io.meshgate.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every proxy process carries this module (the config agent's HTTP client, the strict JSON reader): it
 * reads JSON with jackson-core's streaming parser only, so a proxy never loads jackson-databind (~1,100
 * classes, 6-14 MiB of resident memory) on its account.
 */
class ClientDependencyRulesTest {

    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.client");

    @Test
    void clientReadsJsonWithoutJacksonDatabind() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("every proxy process carries this module; jackson-core's streaming parser is enough")
                .check(CLIENT);
    }
}
