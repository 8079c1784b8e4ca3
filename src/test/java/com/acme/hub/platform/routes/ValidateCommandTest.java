package com.acme.hub.platform.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void validFilesExitWithZeroAndASummary() {
        assertThat(run("routes/hub-greet-visitor.yaml", "src/test/resources/validation/camel-k"))
                .isEqualTo(ValidateCommand.VALID);
        assertThat(out()).isEqualTo("checked 4 files: no problems\n");
    }

    @Test
    void problemsArePrintedAsFileLineMessageAndExitWithOne() {
        assertThat(run("src/test/resources/validation/broken/")).isEqualTo(ValidateCommand.INVALID);
        assertThat(out())
                .contains("src/test/resources/validation/broken/misspelt-eip.yaml:7: unknown EIP 'tooo'\n")
                .contains(
                        "src/test/resources/validation/broken/unknown-kamelet.yaml:7: unknown Kamelet no-such-thing\n")
                .endsWith("checked 4 files: 5 problems in 4 files\n");
    }

    @Test
    void verboseAlsoListsWhatWasSkipped() {
        assertThat(run("-v", "src/test/resources/validation/camel-k")).isEqualTo(ValidateCommand.VALID);
        assertThat(out())
                .contains("src/test/resources/validation/camel-k/kustomization.yaml: skipped, kustomize configuration");
    }

    @Test
    void missingPathOrUnknownOptionIsAUsageErrorWithTwo() {
        assertThat(run()).isEqualTo(ValidateCommand.USAGE);
        assertThat(run("no-such-directory")).isEqualTo(ValidateCommand.USAGE);
        assertThat(run("--fix", "routes")).isEqualTo(ValidateCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar hub.jar validate");
        assertThat(out()).isEmpty();
    }

    private int run(String... args) {
        return ValidateCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
