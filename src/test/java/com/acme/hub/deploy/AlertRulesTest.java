package com.acme.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules pass Prometheus' own checks and their unit tests (deploy/prometheus/alerts.test.yml), run by
 * promtool (Debian package prometheus; .ci/run installs it).
 */
class AlertRulesTest {

    static final File RULES = new File("deploy/prometheus");

    @Test
    void alertRulesAreValid() throws Exception {
        assertThat(promtool(RULES, "check", "rules", "alerts.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        assertThat(promtool(RULES, "test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    /** Runs promtool in {@code directory}; fails with its output unless it exits 0. */
    static String promtool(File directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(directory)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
