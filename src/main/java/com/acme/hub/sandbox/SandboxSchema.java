package com.acme.hub.sandbox;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.stereotype.Component;

/**
 * The sandbox's ledger tables, from their own Flyway location ({@code db/sandbox}) and their own schema history
 * ({@code flyway_sandbox_history}), so they exist only where the sandbox is on and the hub's own history is the
 * same everywhere. Runs after the hub's migrations (which refuse a schema that has tables but no history) with the
 * hub's Flyway settings otherwise; a database that predates this history is baselined below version 1, so the
 * ledger script (idempotent) still runs there.
 */
@Component
@SandboxEnabled
class SandboxSchema {

    static final String HISTORY = "flyway_sandbox_history";

    SandboxSchema(Flyway hub, FlywayMigrationInitializer hubMigrated) {
        Flyway.configure()
                .configuration(hub.getConfiguration())
                .locations("classpath:db/sandbox")
                .table(HISTORY)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
