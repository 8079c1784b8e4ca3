package com.acme.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The operator console as a person uses it: Debian's Chromium, driven by Playwright ({@code src/test/browser}), logs
 * in through the form, opens the Camel routes view and finds the business flows and their endpoints, asks for the
 * routes' statistics, logs out, and comes back with an expired session; a wrong password and Jolokia without a
 * session are refused. A missing Chromium or Node fails this test: it is never skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(
        properties = {
            // The flows an operator looks for, with their consumers: Kafka is this context's own broker, and the ERP
            // events come from a queue of this test's, so other contexts' ERP answers are not taken from them.
            "camel.main.routes-include-pattern=file:routes/*.yaml",
            "camel.kamelet.erp-event-source.queue=" + ConsoleBrowserIT.ERP_EVENTS,
        })
class ConsoleBrowserIT {

    static final String ERP_EVENTS = "console-browser-it.erp.events";

    private static final Path BROWSER = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getProperty("hub.chromium", "/usr/bin/chromium"));

    @LocalServerPort
    int port;

    @TestConfiguration
    static class ErpEventsOfThisTest {
        @Bean
        Queue consoleBrowserErpEvents() {
            return new Queue(ERP_EVENTS, false, false, true);
        }
    }

    @Test
    void anOperatorLogsInOnceSeesTheFlowsAndTheirStatisticsAndLogsOut() throws Exception {
        assertThat(CHROMIUM)
                .as("Chromium is needed for the console test (apt-get install chromium; .ci/run does it)")
                .isExecutable();
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Path.of("target/console-npm.log"), 5);
        }
        Path screenshot = Path.of("target/console/hawtio-camel-routes.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        String output = run(
                List.of(
                        "node",
                        "console.mjs",
                        "http://localhost:" + port,
                        "operator",
                        "it-console-secret",
                        screenshot.toString()),
                Path.of("target/console/browser.log"),
                8);

        assertThat(output)
                .contains(
                        "ok: the Camel routes view lists sales-order-intake, erp-order-booked, esign-envelope-completed")
                .contains("ok: a wrong password stays on /login")
                .contains("ok: Jolokia /actuator/hawtio/jolokia/ without a session answers 401")
                .contains("ok: an expired session goes back to the login");
        assertThat(screenshot).isNotEmptyFile();
    }

    /** Runs a command in src/test/browser; its output goes to the log and back; a failure fails the test with it. */
    private String run(List<String> command, Path log, int minutes) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(BROWSER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toAbsolutePath().toFile());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        boolean ended = process.waitFor(minutes, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended)
                .as("%s ended within %d minutes:%n%s", command, minutes, output)
                .isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
        return output;
    }
}
