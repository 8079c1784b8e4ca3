package com.acme.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A bad {@code hub.*} setting stops start-up with one line naming it. The application started here binds the hub's
 * settings and nothing else, through the same SpringApplication start-up, configuration files and failure analysis
 * as the hub: should the check ever let a bad setting through, this test fails on a context that started, not on a
 * hub that opened Kafka on 9092 and wrote under ./data.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HubProperties.class)
    static class HubSettingsOnly {}

    @Test
    void theSettingsOfTheLocalProfileBind() {
        try (ConfigurableApplicationContext context = start("--hub.kafka.embedded.port=19092")) {
            assertThat(context.getBean(HubProperties.class).kafka().embedded().port())
                    .isEqualTo(19092);
        }
    }

    @Test
    void unknownHubSettingStopsStartUpWithOneLineNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embeded.port=9092"))
                .isInstanceOf(ConfigurationPropertiesBindException.class);
        assertThat(failureLines(output))
                .singleElement()
                .asString()
                .contains("Invalid configuration: unknown setting hub.kafka.embeded.port");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void malformedPortStopsStartUpWithOneLineNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embedded.port=ninety"))
                .isInstanceOf(ConfigurationPropertiesBindException.class);
        assertThat(failureLines(output))
                .singleElement()
                .asString()
                .contains("Invalid configuration: hub.kafka.embedded.port = \\\"ninety\\\"");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void outOfRangePortIsRejectedByValidation(CapturedOutput output) {
        assertThatThrownBy(() -> start("--hub.kafka.embedded.port=70000"))
                .isInstanceOf(ConfigurationPropertiesBindException.class);
        assertThat(failureLines(output))
                .singleElement()
                .asString()
                .contains("Invalid configuration: hub.kafka.embedded.port must be less than or equal to 65535");
    }

    private static List<String> failureLines(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("APPLICATION FAILED TO START"))
                .toList();
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(HubSettingsOnly.class)
                .web(WebApplicationType.NONE)
                .properties("spring.profiles.active=local")
                .run(args);
    }
}
