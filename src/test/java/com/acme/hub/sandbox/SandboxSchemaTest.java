package com.acme.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The sandbox's ledger tables exist only where the sandbox is on, on a fresh database and on one migrated while they
 * were still the hub's migration V3; the hub's own migrations validate on both. The embedded default (H2 in
 * PostgreSQL mode), migrated by Spring Boot's Flyway as the hub does.
 */
class SandboxSchemaTest {

    private final String url = "jdbc:h2:mem:sandbox-schema-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    FlywayAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withUserConfiguration(SandboxMigrationMoved.class, SandboxSchema.class)
            .withPropertyValues("spring.datasource.url=" + url, "spring.flyway.locations=classpath:db/migration");

    @Test
    void aHubWithoutTheSandboxHasNoSandboxTables() {
        hub.withPropertyValues("hub.sandbox.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SandboxSchema.class);
            assertThat(tables(context.getBean(JdbcTemplate.class)))
                    .contains("flyway_schema_history", "dead_letter")
                    .noneMatch(table -> table.startsWith("sandbox") || table.equals(SandboxSchema.HISTORY));
        });
    }

    @Test
    void aHubWithTheSandboxHasItsLedgerWithAHistoryOfItsOwn() {
        hub.withPropertyValues("hub.sandbox.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(tables(jdbc)).contains("sandbox_request", "sandbox_effect", SandboxSchema.HISTORY);
            assertThat(jdbc.queryForList("select system_name from sandbox_request order by 1", String.class))
                    .containsExactly("erp", "esign", "sales");
            assertThat(jdbc.queryForObject(
                            "select count(*) from flyway_schema_history where script like '%sandbox%'", Integer.class))
                    .isZero();
        });
    }

    @Test
    void aDatabaseMigratedWhileTheLedgerWasTheHubsV3StillStartsWithAndWithoutTheSandbox() {
        DriverManagerDataSource existing = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure()
                .dataSource(existing)
                .locations("classpath:db/migration", "classpath:db/before-sandbox-moved")
                .target("3")
                .load()
                .migrate();
        new JdbcTemplate(existing).update("update sandbox_request set requests = 7 where system_name = 'erp'");

        hub.withPropertyValues("hub.sandbox.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
        hub.withPropertyValues("hub.sandbox.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject(
                            "select requests from sandbox_request where system_name = 'erp'", Long.class))
                    .as("the ledger kept what it had")
                    .isEqualTo(7L);
            assertThat(jdbc.queryForObject("select count(*) from sandbox_request", Integer.class))
                    .isEqualTo(3);
            assertThat(jdbc.queryForObject(
                            "select count(*) from flyway_schema_history where success and version = '6'",
                            Integer.class))
                    .as("the hub's later migrations ran")
                    .isEqualTo(1);
        });
    }

    private static List<String> tables(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "select lower(table_name) from information_schema.tables where table_schema = 'public'", String.class);
    }
}
