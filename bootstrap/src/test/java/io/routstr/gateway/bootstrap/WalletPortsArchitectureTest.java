package io.routstr.gateway.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletSeedPort;

/**
 * Where the wallet's policy lives (docs/architecture.md): in the application, over the storage ports the persistence
 * adapter implements. The Cashu adapter keeps the mint's wire, the crypto and the token formats, so it never touches
 * the wallet's stored proofs, journal or seed itself.
 */
@AnalyzeClasses(
        packages = "io.routstr.gateway",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestFixtures.class})
class WalletPortsArchitectureTest {

    @ArchTest
    static final ArchRule theCashuAdapterDoesNotCallTheWalletsStoragePorts = noClasses()
            .that()
            .resideInAPackage("io.routstr.gateway.cashu..")
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(WalletProofStorePort.class, WalletJournalPort.class, WalletSeedPort.class)
            .because("the wallet's jobs are application services; adapters meet only through the application's ports");
}
