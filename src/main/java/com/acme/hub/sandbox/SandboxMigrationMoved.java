package com.acme.hub.sandbox;

import java.util.List;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's ledger tables were the hub's own migration V3 until they moved to their own location ({@link
 * SandboxSchema}). A database migrated before still lists V3 as applied, which Flyway's validation reports as
 * applied but not found. When that is all it finds besides migrations still to run, Flyway's repair marks V3 deleted
 * and the hub migrates as usual; anything else (an edited or failed migration) still stops the start. The tables
 * stay: the sandbox's migration adopts them, a hub without the sandbox never reads them.
 */
@Configuration(proxyBeanMethods = false)
class SandboxMigrationMoved {

    @Bean
    FlywayMigrationStrategy hubMigrationsWithoutTheSandbox() {
        return flyway -> {
            if (onlyTheMovedMigrationIsMissing(flyway.validateWithResult().invalidMigrations)) {
                flyway.repair();
            }
            flyway.migrate();
        };
    }

    static boolean onlyTheMovedMigrationIsMissing(List<ValidateOutput> findings) {
        return findings.stream().anyMatch(SandboxMigrationMoved::isMovedSandboxMigration)
                && findings.stream().allMatch(finding -> isMovedSandboxMigration(finding) || isPending(finding));
    }

    private static boolean isMovedSandboxMigration(ValidateOutput finding) {
        return "3".equals(finding.version)
                && "sandbox".equals(finding.description)
                && finding.errorDetails.errorCode == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED;
    }

    private static boolean isPending(ValidateOutput finding) {
        return finding.errorDetails.errorCode == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED
                || finding.errorDetails.errorCode == CoreErrorCode.RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED;
    }
}
