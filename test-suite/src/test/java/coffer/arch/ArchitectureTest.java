package coffer.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md ("Modules and their public API"), checked on the main classes of
 * every module: gateway -> s3-compat -> storage-engine, each module used only through its API packages, SQL kept in
 * the engine. A package not listed as API here is the module's own business; adding one is a deliberate change.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("coffer.storage", "coffer.s3", "coffer.gateway");

    /**
     * What the S3 layer may use of the engine: objects, buckets, multipart uploads, accounts, quotas, and of
     * coffer.storage.blob the blob engine's interface, its values and its errors (the implementations are in
     * coffer.storage.internal.blob).
     */
    static final String[] ENGINE_API_FOR_S3 = {
            "coffer.storage", "coffer.storage.accounts", "coffer.storage.blob", "coffer.storage.multipart",
            "coffer.storage.quota", "coffer.storage.lifecycle"};
    /**
     * What the gateway may use of the engine: the S3 layer's part plus what it starts (coffer.storage.StorageEngine,
     * the one entry point) and administers. Not the blob engines (coffer.storage.internal.blob and its volume
     * engine, .volume): the engine assembles those itself. Not coffer.storage.crypto: the gateway opens the master
     * keys through StorageEngine and reads key status through coffer.storage.keys.
     */
    static final String[] ENGINE_API_FOR_GATEWAY = {
            "coffer.storage", "coffer.storage.accounts", "coffer.storage.accounts.legacy", "coffer.storage.blob",
            "coffer.storage.integrity", "coffer.storage.keys", "coffer.storage.maintenance", "coffer.storage.multipart",
            "coffer.storage.quota", "coffer.storage.lifecycle"};
    /** What the gateway may use of the S3 layer. */
    static final String[] S3_API = {
            "coffer.s3", "coffer.s3.auth", "coffer.s3.error", "coffer.s3.http"};

    @Test
    void modulesAreLayeredGatewayOverS3CompatOverStorageEngine() {
        check(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("gateway").definedBy("coffer.gateway..")
                .layer("s3-compat").definedBy("coffer.s3..")
                .layer("storage-engine").definedBy("coffer.storage..")
                .whereLayer("gateway").mayNotBeAccessedByAnyLayer()
                .whereLayer("s3-compat").mayOnlyBeAccessedByLayers("gateway")
                .whereLayer("storage-engine").mayOnlyBeAccessedByLayers("s3-compat", "gateway"));
    }

    @Test
    void s3CompatUsesOnlyTheEngineApi() {
        check(noClasses().that().resideInAPackage("coffer.s3..")
                .should().dependOnClassesThat(resideInAPackage("coffer.storage..")
                        .and(not(resideInAnyPackage(ENGINE_API_FOR_S3))))
                .as("s3-compat uses only the storage engine's API packages"));
    }

    @Test
    void gatewayUsesOnlyTheEngineApi() {
        check(noClasses().that().resideInAPackage("coffer.gateway..")
                .should().dependOnClassesThat(resideInAPackage("coffer.storage..")
                        .and(not(resideInAnyPackage(ENGINE_API_FOR_GATEWAY))))
                .as("gateway uses only the storage engine's API packages"));
    }

    @Test
    void gatewayUsesOnlyTheS3Api() {
        check(noClasses().that().resideInAPackage("coffer.gateway..")
                .should().dependOnClassesThat(resideInAPackage("coffer.s3..").and(not(resideInAnyPackage(S3_API))))
                .as("gateway uses only s3-compat's API packages"));
    }

    /**
     * Main code only (MAIN imports no tests): test-suite's ReconciliationIT and ScrubIT read and forge blob files and
     * volume records with the internal BlobFormat, VolumeRecord and VolumeScanner for white-box fault injection,
     * which is allowed to tests.
     */
    @Test
    void nothingOutsideTheEngineUsesItsInternals() {
        check(noClasses().that().resideOutsideOfPackage("coffer.storage..")
                .should().dependOnClassesThat().resideInAPackage("coffer.storage.internal.."));
    }

    @Test
    void daosStayInsideTheEngine() {
        check(classes().that().haveSimpleNameEndingWith("Dao").should().resideInAPackage("coffer.storage.."));
        check(classes().that().haveSimpleNameEndingWith("Dao").and().arePublic()
                .should().resideInAPackage("coffer.storage.internal..")
                .as("DAOs are package-private or in the engine's internal packages").allowEmptyShould(true));
    }

    @Test
    void theS3LayerSpeaksNoSql() {
        check(noClasses().that().resideInAPackage("coffer.s3..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql.."));
    }

    @Test
    void theGatewayUsesSqlOnlyForItsDatabaseProcessHealthMetricsAndConsole() {
        // The console's users and sessions (V26) are the console's own tables, read and written only by it.
        check(noClasses().that().resideInAPackage("coffer.gateway..")
                .and().resideOutsideOfPackages("coffer.gateway.db..", "coffer.gateway.health..",
                        "coffer.gateway.observe..", "coffer.gateway.console..")
                .should().dependOnClassesThat().resideInAPackage("java.sql.."));
    }

    /**
     * The engine's packages do not depend on each other in a cycle: each package below coffer.storage is a slice
     * (coffer.storage.accounts and .accounts.legacy, .internal.catalog and .internal.blob are separate slices). The
     * root package coffer.storage is in no slice: it holds both the values every package shares (ObjectRecord,
     * Bucket, StoreException) and the services built on the others (Store, MultipartUploads, StorageEngine), so
     * paths through it are not cycles between packages (docs/architecture.md).
     */
    @Test
    void enginePackagesAreFreeOfCycles() {
        check(slices().matching("coffer.storage.(**)").should().beFreeOfCycles());
    }

    /**
     * The gateway's top-level packages do not depend on each other in a cycle. (s3-compat's rule is
     * {@link #s3CompatPackagesDependOneWay}.)
     */
    @Test
    void gatewayPackagesAreFreeOfCycles() {
        check(slices().matching("coffer.gateway.(*)..").should().beFreeOfCycles());
    }

    /**
     * s3-compat's request pipeline ({@code coffer.s3}) sits on its sub-packages (auth, http, error, xml), which never
     * call back into it and have no cycle among them.
     */
    @Test
    void s3CompatPackagesDependOneWay() {
        check(noClasses().that().resideInAPackage("coffer.s3.*..")
                .should().dependOnClassesThat().resideInAPackage("coffer.s3")
                .as("s3-compat's sub-packages do not use the request pipeline in coffer.s3"));
        check(slices().matching("coffer.s3.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(MAIN);
    }
}
