package io.meshgate.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The kernel's packages form layers, so that each can be read, tested and changed knowing only the
 * ones below it: transport, transparent, path, regex and tcp at the bottom, then tls, upstream, filter,
 * routing, observe, http, mesh, runtime, and the root package ({@code Kernel}, {@code KernelOptions},
 * {@code Main}) on top, assembling them all.
 *
 * <p>Two rules cover every kernel class. The slice rule sees the sub-packages only (one slice per
 * {@code io.meshgate.kernel.X}, its sub-packages included); the root package is in no slice, so a
 * cycle through it would pass unseen. The root may depend on any sub-package, being their assembler;
 * hence the second rule: no sub-package may depend on any root class. A root class that a sub-package
 * needs does not belong in the root (that is why {@code Transports} lives in {@code transport}).
 */
class KernelPackageCycleRulesTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshgate.kernel");

    @Test
    void kernelSubPackagesAreFreeOfCycles() {
        slices().matching("io.meshgate.kernel.(*)..").should().beFreeOfCycles().check(KERNEL);
    }

    @Test
    void noSubPackageDependsOnTheRootPackage() {
        noClasses().that().resideInAPackage("io.meshgate.kernel..")
                .and().resideOutsideOfPackage("io.meshgate.kernel")
                .should().dependOnClassesThat().resideInAPackage("io.meshgate.kernel")
                .because("the root package assembles the kernel from its sub-packages; an arrow back up"
                        + " would close a cycle through the root")
                .check(KERNEL);
    }
}
