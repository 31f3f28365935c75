package org.parledger.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries: a framework-free contract, and two sides that know only the contract. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.parledger");
    }

    @Test
    void theContractDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("org.parledger.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.parledger.api..")
                .check(production);
    }

    /** The offline verifier runs without a server: the proof module is plain Java and Jackson over the contract. */
    @Test
    void theProofModuleDependsOnTheContractAndJacksonOnly() {
        classes().that().resideInAPackage("org.parledger.proof..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "org.parledger.api..",
                        "org.parledger.proof..", "tools.jackson..")
                .check(production);
    }

    @Test
    void theCommandSideDoesNotKnowTheQuerySide() {
        noClasses().that().resideInAPackage("org.parledger.command..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parledger.query..", "org.parledger.app..")
                .check(production);
    }

    @Test
    void theQuerySideDoesNotKnowTheCommandSide() {
        noClasses().that().resideInAPackage("org.parledger.query..")
                .should().dependOnClassesThat().resideInAnyPackage("org.parledger.command..", "org.parledger.app..")
                .check(production);
    }

    /** Guards the rules above against passing vacuously because a module was not on the class path. */
    @Test
    void theRulesSeeEveryModule() {
        for (String module : new String[]{"api", "command", "query", "app", "proof"}) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith("org.parledger." + module)))
                    .as("classes of module %s imported", module).isTrue();
        }
    }
}
