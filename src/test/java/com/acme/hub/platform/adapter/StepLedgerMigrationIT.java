package com.acme.hub.platform.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database the hub used before the step ledger: the steps Camel's repository remembered become done steps, so an
 * upgrade calls no external system again for them.
 */
class StepLedgerMigrationIT {

    private final String schema =
            "ledger_migration_" + UUID.randomUUID().toString().replace("-", "");
    private final DriverManagerDataSource database = new DriverManagerDataSource(
            System.getenv().getOrDefault("HUB_TEST_DB_URL", "jdbc:postgresql://localhost:5432/hub_test"),
            System.getenv().getOrDefault("HUB_TEST_DB_USER", "postgres"),
            System.getenv().getOrDefault("HUB_TEST_DB_PASSWORD", ""));
    private final JdbcClient jdbc = JdbcClient.create(database);

    @AfterEach
    void dropSchema() {
        jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
    }

    @Test
    void stepsCamelsRepositoryHeldBecomeDoneSteps() {
        flyway("6").migrate();
        jdbc.sql("INSERT INTO " + schema + ".camel_messageprocessed (processorName, messageId, createdAt) VALUES "
                        + "('hub-adapters', 'evt_1:erp-book-order', CURRENT_TIMESTAMP - INTERVAL '2' HOUR), "
                        + "('hub-adapters', 'evt_1:esign-create-envelope', CURRENT_TIMESTAMP)")
                .update();

        flyway(null).migrate();

        record Step(String stepKey, String state, String owner) {}
        List<Step> steps = jdbc.sql("SELECT step_key, state, owner FROM " + schema + ".step_ledger ORDER BY step_key")
                .query(Step.class)
                .list();
        assertThat(steps)
                .containsExactly(
                        new Step("evt_1:erp-book-order", "done", null),
                        new Step("evt_1:esign-create-envelope", "done", null));
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = :schema "
                                + "AND table_name = 'camel_messageprocessed'")
                        .param("schema", schema)
                        .query(Integer.class)
                        .single())
                .as("Camel's table is gone, so nothing writes to it by mistake")
                .isZero();
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(database)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }
}
