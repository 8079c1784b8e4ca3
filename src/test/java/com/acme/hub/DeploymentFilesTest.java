package com.acme.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.HubProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the compose file and Dockerfile are checked for what can break silently. */
class DeploymentFilesTest {

    @SuppressWarnings("unchecked")
    private final Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void composeRunsTheFullStack() {
        assertThat(services())
                .containsKeys(
                        "kafka",
                        "postgres",
                        "rabbitmq",
                        "hub",
                        "hub-1",
                        "hub-2",
                        "prometheus",
                        "alertmanager",
                        "grafana",
                        "otel-collector",
                        "jaeger");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoHubReplicasShareKafkaPostgresAndRabbitMqBehindOnePort() {
        List<String> replicas = replicas();
        assertThat(replicas).containsExactly("hub-1", "hub-2");
        Map<String, Object> first = services().get("hub-1");
        for (String replica : replicas) {
            Map<String, Object> service = services().get(replica);
            assertThat(service.get("image")).as(replica + " image").isEqualTo(first.get("image"));
            assertThat(service.get("environment")).as(replica + " environment").isEqualTo(first.get("environment"));
            assertThat(service).as(replica + " publishes no port of its own").doesNotContainKey("ports");
            assertThat((Map<String, Object>) service.get("depends_on")).containsKeys("kafka", "postgres", "rabbitmq");
        }

        Map<String, Object> proxy = services().get("hub");
        assertThat(proxy.get("image").toString()).startsWith("haproxy:");
        assertThat((List<Object>) proxy.get("ports")).containsExactly("8080:8080");
        assertThat((List<Object>) proxy.get("depends_on")).containsExactlyElementsOf(replicas);

        String haproxy = read("deploy/haproxy/haproxy.cfg");
        assertThat(haproxy).containsPattern("(?m)^\\s*bind :8080$");
        Matcher server =
                Pattern.compile("(?m)^\\s*server (\\S+) (\\S+):(\\d+) check\\b").matcher(haproxy);
        List<String> servers = new java.util.ArrayList<>();
        while (server.find()) {
            assertThat(server.group(1)).isEqualTo(server.group(2));
            assertThat(server.group(3)).as("the hub's server.port").isEqualTo("8080");
            servers.add(server.group(2));
        }
        assertThat(servers).as("proxied replicas").containsExactlyElementsOf(replicas);
        // Traffic only to a replica whose database, RabbitMQ and Kafka are up; retried elsewhere only if never sent.
        assertThat(haproxy)
                .contains("option httpchk GET /actuator/health/readiness")
                .contains("retry-on conn-failure")
                .doesNotContain("retry-on all");
    }

    @Test
    void prometheusScrapesEachReplicaNotTheProxy() {
        assertThat(read("deploy/prometheus/prometheus.yml"))
                .contains("\"hub-1:8080\", \"hub-2:8080\"")
                .doesNotContain("\"hub:8080\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDependencyAndMountedFileExists() {
        List<String> checked = new java.util.ArrayList<>();
        services().forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> map) {
                assertThat(services())
                        .as(name + " depends on")
                        .containsKeys(map.keySet().toArray(String[]::new));
                checked.add(name + " depends on " + map.keySet());
            }
            if (dependsOn instanceof List<?> list) {
                assertThat(services()).as(name + " depends on").containsKeys(list.toArray(String[]::new));
                checked.add(name + " depends on " + list);
            }
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(name + " mounts").exists();
                    checked.add(name + " mounts " + source);
                }
            }
        });
        // Each replica depends on its brokers and mounts routes/, the proxy on the replicas; Prometheus and Grafana
        // mount their configuration.
        assertThat(checked)
                .contains("hub-1 mounts ./routes", "hub-2 mounts ./routes", "hub depends on [hub-1, hub-2]")
                .anyMatch(check -> check.startsWith("hub-1 depends on"))
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void hubEnvironmentBindsToRealSettings() {
        replicas().forEach(this::bindsToRealSettings);
    }

    @SuppressWarnings("unchecked")
    private void bindsToRealSettings(String replica) {
        Map<String, Object> environment =
                new HashMap<>((Map<String, Object>) services().get(replica).get("environment"));
        environment.replaceAll((key, value) -> value.toString().startsWith("${") ? "from-env" : value.toString());
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", environment));
        ConfigurationPropertySources.attach(spring);

        HubProperties hub = Binder.get(spring).bind("hub", HubProperties.class).get();

        assertThat(hub.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(hub.security().console().password()).isEqualTo("from-env");
        assertThat(spring.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://postgres:");
        assertThat(spring.getProperty("spring.profiles.active")).isEqualTo("prod");
    }

    @Test
    void dockerfileCopiesOnlyWhatExists() {
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(read("Dockerfile"));
        int copies = 0;
        while (copy.find()) {
            for (String source : copy.group(1).split(" ")) {
                assertThat(Path.of(source)).as("Dockerfile COPY source").exists();
                copies++;
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(4);
    }

    private List<String> replicas() {
        return services().keySet().stream()
                .filter(name -> name.matches("hub-\\d+"))
                .toList();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
