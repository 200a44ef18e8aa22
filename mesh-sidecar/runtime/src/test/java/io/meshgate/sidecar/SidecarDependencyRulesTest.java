package io.meshgate.sidecar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sidecar runs beside every workload: like every proxy process it carries nothing of the control
 * plane or the console (the rules of gateway/proxy's ProxyDependencyRulesTest, for this module). The
 * enforcer bans the artifacts; these rules ban the imports and check the classpath it runs with.
 */
class SidecarDependencyRulesTest {
    private static final String[] BANNED_PACKAGES = {
        "io.helidon..", "org.jooq..", "org.h2..", "org.flywaydb..", "org.postgresql..", "com.vaadin..",
        "org.eclipse.jetty..", "io.fabric8..", "org.bouncycastle..",
        "io.meshgate.api..", "io.meshgate.db..", "io.meshgate.console..", "io.meshgate.kube..",
        "io.meshgate.standalone..", "io.meshgate.ingress..", "io.meshgate.resources..", "io.meshgate.ca.."
    };
    private static final List<String> BANNED_JARS = List.of("helidon-", "jooq-", "h2-", "flyway-", "postgresql-",
            "vaadin-", "flow-server-", "jetty-", "kubernetes-", "bcprov-", "bcpkix-", "HikariCP-",
            "meshgate-api-server-", "meshgate-db-", "meshgate-console-ui-", "meshgate-kube-", "meshgate-ingress-controller-",
            "meshgate-resources-", "meshgate-ca-", "meshgate-reconcile-");

    private static final JavaClasses SIDECAR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.sidecar.runtime", "io.meshgate.sidecar.init");

    @Test
    void sidecarImportsNothingOfTheControlPlane() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(BANNED_PACKAGES)
                .because("a sidecar carries only the proxy runtime, its registration and sidecar-init")
                .check(SIDECAR);
    }

    @Test
    void sidecarReadsAndWritesJsonWithoutJacksonDatabind() {
        // databind costs a process ~1,100 classes and 6-14 MiB of RSS; jackson-core's streaming API
        // (io.meshgate.client.StrictJsonObject, JsonGenerator) does the sidecar's few small documents
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("the sidecar must stay under 96 MiB (mesh-sidecar/README.md \"Memory\")")
                .check(SIDECAR);
    }

    @Test
    void sidecarLogsThroughSystemLoggerOnly() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.logging.Logger")
                .orShould().dependOnClassesThat().resideInAPackage("org.slf4j..")
                .because("Meshgate code logs through System.Logger; java.util.logging is only its backend")
                .check(SIDECAR);
    }

    @Test
    void sidecarClasspathHoldsNoneOfTheBannedLibraries() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> new File(entry).getName())
                .toList();
        assertThat(jars).as("the sidecar's classpath").isNotEmpty()
                .noneMatch(jar -> BANNED_JARS.stream().anyMatch(jar::startsWith));
    }
}
