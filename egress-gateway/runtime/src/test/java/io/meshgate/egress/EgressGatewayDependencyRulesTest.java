package io.meshgate.egress;

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
 * The egress gateway is a proxy process: like {@code gateway/proxy} and the sidecar it carries nothing of the
 * control plane or the console (the rules of ProxyDependencyRulesTest and SidecarDependencyRulesTest, for
 * this module; there is no shared rule helper to call). The enforcer bans the artifacts; these rules ban
 * the imports and check the classpath it runs with.
 */
class EgressGatewayDependencyRulesTest {
    private static final String[] BANNED_PACKAGES = {
        "io.helidon..", "org.jooq..", "org.h2..", "org.flywaydb..", "org.postgresql..", "com.vaadin..",
        "org.eclipse.jetty..", "io.fabric8..", "org.bouncycastle..",
        "io.meshgate.api..", "io.meshgate.db..", "io.meshgate.console..", "io.meshgate.kube..",
        "io.meshgate.standalone..", "io.meshgate.ingress..", "io.meshgate.resources..", "io.meshgate.ca..",
        "io.meshgate.egress.translator..", "io.meshgate.sidecar.."
    };
    private static final List<String> BANNED_JARS = List.of("helidon-", "jooq-", "h2-", "flyway-", "postgresql-",
            "vaadin-", "flow-server-", "jetty-", "kubernetes-", "bcprov-", "bcpkix-", "HikariCP-",
            "meshgate-api-server-", "meshgate-db-", "meshgate-console-ui-", "meshgate-kube-", "meshgate-ingress-controller-",
            "meshgate-resources-", "meshgate-ca-", "meshgate-reconcile-", "meshgate-egress-translator-",
            "meshgate-mesh-translator-");

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.egress.runtime");

    @Test
    void gatewayImportsNothingOfTheControlPlane() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(BANNED_PACKAGES)
                .because("the egress gateway carries only the proxy runtime")
                .check(GATEWAY);
    }

    @Test
    void gatewayLeavesTheJdkHttpClientUnloaded() {
        // as the config agent: io.meshgate.client.BlockingHttpClient (java.net.http's ~300 classes and threads)
        noClasses().should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .because("a proxy process talks to the control plane through the proxy runtime's small client")
                .check(GATEWAY);
    }

    @Test
    void gatewayReadsJsonWithoutJacksonDatabind() {
        // databind costs a process ~1,100 classes and 6-14 MiB of RSS; the token exchange's answer is read
        // with jackson-core's streaming parser (io.meshgate.client.StrictJsonObject)
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..")
                .because("a proxy process loads no jackson-databind")
                .check(GATEWAY);
    }

    @Test
    void gatewayLogsThroughSystemLoggerOnly() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.logging.Logger")
                .orShould().dependOnClassesThat().resideInAPackage("org.slf4j..")
                .because("Meshgate code logs through System.Logger; java.util.logging is only its backend")
                .check(GATEWAY);
    }

    @Test
    void gatewayClasspathHoldsNoneOfTheBannedLibraries() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> new File(entry).getName())
                .toList();
        assertThat(jars).as("the egress gateway's classpath").isNotEmpty()
                .noneMatch(jar -> BANNED_JARS.stream().anyMatch(jar::startsWith));
    }
}
