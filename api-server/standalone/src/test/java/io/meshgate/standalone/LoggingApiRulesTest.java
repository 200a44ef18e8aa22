package io.meshgate.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Meshgate code logs through {@link System.Logger} only. java.util.logging is its backend, configured
 * once per process by {@code LogSetup}, and slf4j-jdk14 routes the libraries' SLF4J logging there, so
 * a class that logs through java.util.logging.Logger or SLF4J directly would be a second logging API
 * to read and configure. Checked over the main code of every Meshgate module on this stack's
 * classpath (the CLI and the Kubernetes mode are not on it).
 */
class LoggingApiRulesTest {
    /** Test classes in directories, and in the test jars other modules share with this one. */
    private static final ImportOption NO_TESTS = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                    && !location.matches(Pattern.compile(".*-tests\\.jar!/.*"));

    private static final JavaClasses MESHGATE_MAIN_CODE = new ClassFileImporter()
            .withImportOption(NO_TESTS)
            .importPackages("io.meshgate");

    @Test
    void meshgateLogsThroughSystemLoggerOnly() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.logging.Logger")
                .orShould().dependOnClassesThat().resideInAPackage("org.slf4j..")
                .because("Meshgate code logs through System.Logger; java.util.logging is only its backend")
                .check(MESHGATE_MAIN_CODE);
    }
}
