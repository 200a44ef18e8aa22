package io.meshgate.proxy;

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
 * A proxy process runs beside every workload, so it carries nothing of the control plane or the
 * console. The enforcer bans the artifacts at build time; these rules ban the imports and check the
 * classpath a proxy actually runs with (this module's runtime classpath plus the test libraries).
 */
class ProxyDependencyRulesTest {
    /** Packages of libraries and Meshgate modules a proxy process must never load. */
    private static final String[] BANNED_PACKAGES = {
        "io.helidon..", "org.jooq..", "org.h2..", "org.flywaydb..", "org.postgresql..", "com.vaadin..",
        "org.eclipse.jetty..", "io.fabric8..", "org.bouncycastle..",
        "io.meshgate.api..", "io.meshgate.db..", "io.meshgate.console..", "io.meshgate.kube..",
        "io.meshgate.standalone..", "io.meshgate.ingress..", "io.meshgate.resources..", "io.meshgate.ca.."
    };
    /** Jar name prefixes of the same libraries, as Maven names them. */
    private static final List<String> BANNED_JARS = List.of("helidon-", "jooq-", "h2-", "flyway-", "postgresql-",
            "vaadin-", "flow-server-", "jetty-", "kubernetes-", "bcprov-", "bcpkix-", "HikariCP-",
            "meshgate-api-server-", "meshgate-db-", "meshgate-console-ui-", "meshgate-kube-", "meshgate-ingress-controller-",
            "meshgate-resources-", "meshgate-ca-");

    private static final JavaClasses PROXY_SIDE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.proxy", "io.meshgate.kernel", "io.meshgate.config");

    @Test
    void proxyRuntimeImportsNothingOfTheControlPlane() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(BANNED_PACKAGES)
                .because("a proxy process carries only the kernel, the config agent and the admin listener")
                .check(PROXY_SIDE);
    }

    @Test
    void proxyRuntimeLogsThroughSystemLoggerOnly() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.logging.Logger")
                .orShould().dependOnClassesThat().resideInAPackage("org.slf4j..")
                .because("Meshgate code logs through System.Logger; java.util.logging is only its backend")
                .check(PROXY_SIDE);
    }

    @Test
    void proxyRuntimeLeavesTheJdkHttpClientUnloaded() {
        // java.net.http costs a sidecar ~300 classes, a selector thread and TLS set-up even for http
        // (mesh-sidecar/README.md "Memory"); the config agent uses io.meshgate.client.BlockingHttpClient
        noClasses().should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .because("the JDK HTTP client is heavy for a process beside every workload")
                .check(PROXY_SIDE);
    }

    @Test
    void proxyRuntimeReadsAndWritesJsonWithoutJacksonDatabind() {
        // databind costs a proxy process ~1,100 classes and 6-14 MiB of RSS. This module's own classes
        // only: the kernel has its own rule, and the config codec (io.meshgate.config.json) is another module's
        noClasses().that().resideInAPackage("io.meshgate.proxy..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("a proxy process loads no jackson-databind")
                .check(PROXY_SIDE);
    }

    @Test
    void proxyClasspathHoldsNoneOfTheBannedLibraries() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> new File(entry).getName())
                .toList();
        assertThat(jars).as("the proxy's classpath").isNotEmpty()
                .noneMatch(jar -> BANNED_JARS.stream().anyMatch(jar::startsWith));
    }
}
