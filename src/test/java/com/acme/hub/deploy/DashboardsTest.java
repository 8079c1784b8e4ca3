package com.acme.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards are well-formed: the four the operations kit promises, unique ids, every panel placed and
 * querying the provisioned Prometheus, and every query valid PromQL (promtool parses them as recording rules).
 */
class DashboardsTest {

    private static final Path DASHBOARDS = Path.of("deploy/grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFourDashboardsAreThereWithUniqueUids() throws Exception {
        Set<String> uids = new HashSet<>();
        for (String name : List.of("overview", "webhooks", "integrations", "flows")) {
            JsonNode dashboard =
                    JSON.readTree(DASHBOARDS.resolve(name + ".json").toFile());
            assertThat(dashboard.path("title").asText()).as(name).startsWith("Integration hub");
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as(name + " uid")
                    .isTrue();
            assertThat(dashboard.path("panels")).as(name).isNotEmpty();
        }
    }

    @Test
    void everyPanelQueriesPrometheusWithValidPromql(@TempDir Path work) throws Exception {
        List<String> rules = new ArrayList<>(List.of("groups:", "  - name: dashboards", "    rules:"));
        int n = 0;
        try (var files = Files.list(DASHBOARDS)) {
            for (Path file : files.toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                Set<Integer> ids = new HashSet<>();
                for (JsonNode panel : dashboard.path("panels")) {
                    String where =
                            file.getFileName() + " / " + panel.path("title").asText();
                    assertThat(ids.add(panel.path("id").asInt()))
                            .as(where + " id")
                            .isTrue();
                    assertThat(panel.path("gridPos").path("w").asInt())
                            .as(where)
                            .isBetween(1, 24);
                    assertThat(panel.path("datasource").path("uid").asText())
                            .as(where)
                            .isEqualTo("prometheus");
                    assertThat(panel.path("targets")).as(where).isNotEmpty();
                    for (JsonNode target : panel.path("targets")) {
                        // Grafana's variables, as Grafana would fill them in.
                        String expr = target.path("expr")
                                .asText()
                                .replace("$__rate_interval", "5m")
                                .replaceAll("\\$[a-z_]+", ".*");
                        assertThat(expr).as(where).isNotBlank();
                        rules.add("      - record: dashboard:query_" + n++);
                        rules.add("        expr: " + JSON.writeValueAsString(expr));
                    }
                }
            }
        }
        Path file = work.resolve("dashboards.rules.yml");
        Files.write(file, rules);
        File directory = work.toFile();
        assertThat(AlertRulesTest.promtool(
                        directory, "check", "rules", file.getFileName().toString()))
                .contains("SUCCESS: " + n + " rules found");
    }
}
