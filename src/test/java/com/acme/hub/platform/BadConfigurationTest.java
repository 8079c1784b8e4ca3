package com.acme.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.hub.HubApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class BadConfigurationTest {

    @Test
    void unknownHubSettingStopsStartUpWithOneLineNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embeded.port=9092")).isNotNull();
        assertThat(failureLines(output))
                .singleElement()
                .asString()
                .contains("Invalid configuration: unknown setting hub.kafka.embeded.port");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void malformedPortStopsStartUpWithOneLineNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embedded.port=ninety")).isNotNull();
        assertThat(failureLines(output))
                .singleElement()
                .asString()
                .contains("Invalid configuration: hub.kafka.embedded.port = \\\"ninety\\\"");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void outOfRangePortIsRejectedByValidation(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embedded.port=70000")).isNotNull();
        assertThat(failureLines(output)).singleElement().asString().contains("hub.kafka.embedded.port");
    }

    private static java.util.List<String> failureLines(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("APPLICATION FAILED TO START"))
                .toList();
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(HubApplication.class)
                .properties("server.port=0", "spring.profiles.active=local")
                .run(args)
                .close();
    }
}
