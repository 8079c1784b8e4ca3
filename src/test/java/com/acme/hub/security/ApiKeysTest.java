package com.acme.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** API keys on the embedded default, H2 in PostgreSQL mode, migrated by the real Flyway scripts. */
class ApiKeysTest {

    private ApiKeys keys;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migratedH2() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:keys-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        keys = new ApiKeys(jdbc);
    }

    @Test
    void anIssuedKeyAuthenticatesWithItsRoleUntilRevokedAndOnlyItsHashIsStored() {
        ApiKeys.Issued issued = keys.issue("ci-bot", Role.OPERATOR).orElseThrow();

        assertThat(keys.authenticate(issued.secret()))
                .hasValueSatisfying(key -> assertThat(key.role()).isEqualTo(Role.OPERATOR));
        assertThat(keys.authenticate(issued.secret() + "x")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT key_hash FROM api_key WHERE name = 'ci-bot'", String.class))
                .isEqualTo(ApiKeys.hash(issued.secret()))
                .doesNotContain(issued.secret());
        assertThat(keys.issue("ci-bot", Role.VIEWER)).as("names are unique").isEmpty();

        assertThat(keys.revoke("ci-bot")).isTrue();
        assertThat(keys.authenticate(issued.secret())).isEmpty();
        assertThat(keys.revoke("ci-bot")).isFalse();
    }

    @Test
    void theBootstrapKeyFollowsTheSettingAcrossStartUps() {
        keys.bootstrap("first-admin-key");
        keys.bootstrap("first-admin-key");
        assertThat(keys.authenticate("first-admin-key"))
                .hasValueSatisfying(key -> assertThat(key.role()).isEqualTo(Role.ADMIN));

        keys.bootstrap("rotated-admin-key");
        assertThat(keys.authenticate("first-admin-key")).isEmpty();
        assertThat(keys.authenticate("rotated-admin-key")).isPresent();

        assertThat(keys.revokeBootstrap()).isTrue();
        assertThat(keys.authenticate("rotated-admin-key")).isEmpty();
        keys.bootstrap("rotated-admin-key");
        assertThat(keys.authenticate("rotated-admin-key")).isPresent();
    }
}
