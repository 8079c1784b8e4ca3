package com.acme.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.HubProperties;
import com.acme.hub.platform.routes.ValidateCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * camel-k/ runs the hub's image under the Camel K operator with the flows and Kamelets supplied from the cluster
 * (camel-k/README.md). No cluster runs here, so the resources are checked against the Camel K 2.10 CRDs pinned in
 * src/test/resources/camel-k-crds/, and against the files they deploy. Unknown fields count as errors, as they do
 * for {@code kubectl apply}, whose field validation is strict by default.
 */
class CamelKResourcesTest {

    private static final Path CAMEL_K = Path.of("camel-k");
    private static final Path ROUTES = Path.of("routes");
    private static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    private static final Path CRDS = Path.of("src/test/resources/camel-k-crds");
    private static final String KAMELET_SUFFIX = ".kamelet.yaml";

    // Where the Camel K 2.10 operator mounts Integration sources and its bundle of the Kamelets it was given
    // (pkg/util/camel/camel_util.go, pkg/trait/kamelets_support.go); the hub is pointed there by environment.
    private static final String SOURCES_MOUNT = "/etc/camel/sources/";
    private static final String KAMELET_BUNDLE = "/etc/camel/kamelets/kamelets-bundle-%s-001";

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern KAMELET_URI = Pattern.compile("kamelet:([a-z0-9][-a-z0-9]*)");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "namespace", "labels", "annotations");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    /** Schemas by "group/version kind"; compiled once, the Integration and Pipe CRDs are 0.7 MB each. */
    private static final Map<String, JsonSchema> CRD_SCHEMAS = loadCrdSchemas();

    private final Kustomization kustomization = Kustomization.load(CAMEL_K);

    @Test
    void everyFileTheKustomizationReadsExists() {
        assertThat(kustomization.files()).isNotEmpty().allSatisfy(file -> assertThat(file)
                .as("read by camel-k/ kustomizations")
                .isRegularFile());
    }

    @Test
    void noFileInCamelKIsLeftOutOfTheKustomization() throws IOException {
        try (Stream<Path> files = Files.walk(CAMEL_K)) {
            assertThat(files.filter(file -> file.toString().endsWith(".yaml")))
                    .allSatisfy(file -> assertThat(kustomization.files()).contains(file.normalize()));
        }
    }

    @Test
    void everyResourceIsValidAgainstThePinnedCamelKCrds() {
        assertThat(CRD_SCHEMAS)
                .containsKeys(
                        "camel.apache.org/v1 Integration", "camel.apache.org/v1 Kamelet", "camel.apache.org/v1 Pipe");
        List<JsonNode> resources = resources();
        assertThat(resources).isNotEmpty();
        for (JsonNode resource : resources) {
            assertThat(errors(resource)).as(describe(resource)).isEmpty();
        }
    }

    @Test
    void theCrdSchemasRejectWhatTheApiServerWouldRefuse() {
        ObjectNode misspeltField = integration().deepCopy();
        ((ObjectNode) misspeltField.path("spec").path("traits").path("container")).put("imageName", "hub:1");
        ObjectNode wrongType = integration().deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "two");
        ObjectNode unknownTrait = integration().deepCopy();
        ((ObjectNode) unknownTrait.path("spec").path("traits")).putObject("containers");
        ObjectNode badName = integration().deepCopy();
        ((ObjectNode) badName.path("metadata")).put("name", "Integration_Hub");

        assertThat(errors(misspeltField)).anyMatch(error -> error.contains("imageName"));
        assertThat(errors(wrongType)).anyMatch(error -> error.contains("replicas"));
        assertThat(errors(unknownTrait)).anyMatch(error -> error.contains("containers"));
        assertThat(errors(badName)).anyMatch(error -> error.contains("metadata.name"));
        assertThat(errors(integration())).isEmpty();

        ObjectNode kamelet =
                (ObjectNode) readYaml(referencedKameletFiles().get(0)).get(0);
        ObjectNode misspeltParameterKeyword = kamelet.deepCopy();
        ((ObjectNode) misspeltParameterKeyword.path("spec").path("definition"))
                .putObject("properties")
                .putObject("queue")
                .put("type", "string")
                .put("titel", "Queue");
        ObjectNode templateAsText = kamelet.deepCopy();
        ((ObjectNode) templateAsText.path("spec")).put("template", "from: direct:x");

        assertThat(errors(misspeltParameterKeyword)).anyMatch(error -> error.contains("titel"));
        assertThat(errors(templateAsText)).anyMatch(error -> error.contains("template"));
        assertThat(errors(kamelet)).isEmpty();
    }

    @Test
    void theIntegrationDeploysEveryFlowInRoutes() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            Set<Path> flows = files.filter(file -> file.toString().endsWith(".yaml"))
                    .map(Path::normalize)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(referencedRouteFiles())).isEqualTo(flows);
        }
    }

    @Test
    void everyDeployedFlowPassesTheRouteValidator() {
        List<Path> flows = referencedRouteFiles();
        assertThat(flows).isNotEmpty();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
        int exit =
                ValidateCommand.run(out, out, flows.stream().map(Path::toString).toArray(String[]::new));
        assertThat(exit).as(report.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void theHubLoadsTheFlowsFromWhereTheOperatorMountsThem() {
        Map<String, String> environment = environment();
        String pattern = environment.get("CAMEL_MAIN_ROUTESINCLUDEPATTERN");
        assertThat(pattern).startsWith("file:" + SOURCES_MOUNT);
        var includes = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring("file:".length()));

        for (JsonNode source : integration().path("spec").path("sources")) {
            String name = source.path("name").asText();
            assertThat(source.path("language").asText()).as(name).isEqualTo("yaml");
            assertThat(source.path("contentKey").asText()).as(name).isEqualTo(name);
            assertThat(includes.matches(Path.of(SOURCES_MOUNT + name)))
                    .as(name + " matches " + pattern)
                    .isTrue();
        }
    }

    @Test
    void everyKameletTheHubShipsIsDeployedUnderItsOwnName() throws IOException {
        Map<String, Path> shipped = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(KAMELETS)) {
            files.filter(file -> file.toString().endsWith(KAMELET_SUFFIX))
                    .forEach(file -> shipped.put(kameletName(file), file.normalize()));
        }
        Map<String, Path> deployed = new LinkedHashMap<>();
        for (Path file : kustomization.resourceFiles()) {
            for (JsonNode resource : readYaml(file)) {
                if ("Kamelet".equals(resource.path("kind").asText())) {
                    String name = resource.path("metadata").path("name").asText();
                    assertThat(name)
                            .as(file + " names its Kamelet after the file")
                            .isEqualTo(kameletName(file));
                    deployed.put(name, file);
                }
            }
        }

        assertThat(deployed).isEqualTo(shipped);
        JsonNode kamelets = integration().path("spec").path("traits").path("kamelets");
        assertThat(kamelets.path("auto").asBoolean(true)).isFalse();
        assertThat(new TreeSet<>(List.of(kamelets.path("list").asText().split(","))))
                .isEqualTo(new TreeSet<>(deployed.keySet()));
    }

    @Test
    void everyKameletAFlowCallsIsDeployed() {
        Set<String> called = new TreeSet<>();
        List<Path> callers = new ArrayList<>(referencedRouteFiles());
        callers.addAll(referencedKameletFiles());
        for (Path file : callers) {
            Matcher kamelet = KAMELET_URI.matcher(read(file));
            while (kamelet.find()) {
                called.add(kamelet.group(1));
            }
        }
        // kamelet:source and kamelet:sink are a Kamelet's own ends, not Kamelets.
        called.removeAll(Set.of("source", "sink"));

        assertThat(called).isNotEmpty();
        assertThat(referencedKameletFiles().stream().map(CamelKResourcesTest::kameletName))
                .containsAll(called);
    }

    @Test
    void theHubLoadsKameletsOnlyFromTheOperatorsBundle() throws IOException {
        String name = integration().path("metadata").path("name").asText();
        assertThat(environment())
                .containsEntry("CAMEL_COMPONENT_KAMELET_LOCATION", "file:" + KAMELET_BUNDLE.formatted(name));
        // Past 1 MB of serialized Kamelets the operator starts a second bundle, which the location above would miss;
        // half that leaves room for what it adds to each Kamelet.
        long bytes = 0;
        for (Path kamelet : referencedKameletFiles()) {
            bytes += Files.size(kamelet);
        }
        assertThat(bytes).isLessThan(512 * 1024);
    }

    @Test
    void theIntegrationRunsTheHubsImageWithItsProbes() {
        JsonNode traits = integration().path("spec").path("traits");
        String image = traits.path("container").path("image").asText();
        assertThat(image).isEqualTo("ghcr.io/acme/integration-hub");
        assertThat(kustomization.imageTags()).containsKey(image);
        // The operator builds nothing for an image that is not one of its own kits (camel-k-kit-...@sha256:...).
        assertThat(image).doesNotContain("camel-k-kit-");
        assertThat(traits.path("health").path("livenessProbe").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(traits.path("health").path("readinessProbe").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(traits.path("container").path("port").asInt()).isEqualTo(8080);
    }

    @Test
    void integrationEnvironmentBindsToRealSettings() {
        Map<String, Object> environment = new LinkedHashMap<>(environment());
        environment.forEach((key, value) -> {
            if (value.toString().startsWith("secret:")) {
                assertThat(value)
                        .as("secrets come from Secret integration-hub under the variable's name")
                        .isEqualTo("secret:integration-hub/" + key);
            }
        });
        environment.replaceAll((key, value) -> value.toString().startsWith("secret:") ? "from-secret" : value);
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("integration-systemEnvironment", environment));
        ConfigurationPropertySources.attach(spring);

        // Spring ignores environment variables that match no setting, so a misspelt one would silently do nothing.
        Set<String> bound = new TreeSet<>();
        BindHandler recordBound = new BindHandler() {
            @Override
            public Object onSuccess(
                    ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                String variable = name.toString().toUpperCase(Locale.ROOT).replace('.', '_');
                bound.add(variable.replace("-", ""));
                bound.add(variable.replace('-', '_'));
                return result;
            }
        };
        HubProperties hub = Binder.get(spring)
                .bind("hub", Bindable.of(HubProperties.class), recordBound)
                .get();
        assertThat(bound)
                .containsAll(environment.keySet().stream()
                        .filter(variable -> variable.startsWith("HUB_"))
                        .toList());

        assertThat(hub.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(hub.security().console().password()).isEqualTo("from-secret");
        assertThat(hub.webhooks().sources()).containsOnlyKeys("sales", "esign");
        assertThat(hub.webhooks().sources().get("sales").secret()).isEqualTo("from-secret");
        assertThat(hub.adapters().get("esign").clientSecret()).isEqualTo("from-secret");
        assertThat(spring.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://");
        assertThat(spring.getProperty("spring.profiles.active")).isEqualTo("prod");
    }

    /**
     * What {@code kubectl kustomize} makes of camel-k/, checked without kubectl (which CI does not have): the
     * resources come out in the order listed (fifo), so the Kamelets and the flows' ConfigMap are applied before the
     * Integration that needs them, and kustomize is told which Integration fields hold the ConfigMap's hashed name and
     * the image, so it rewrites them.
     */
    @Test
    void kustomizeAppliesKameletsThenFlowsThenTheIntegrationAndRewritesTheNamesItReads() {
        JsonNode root = readYaml(CAMEL_K.resolve("kustomization.yaml")).get(0);
        assertThat(root.path("sortOptions").path("order").asText())
                .as("kustomize's default order puts ConfigMaps first and Kamelets after the Integration")
                .isEqualTo("fifo");
        List<String> kinds = kustomization.appliedKinds();
        assertThat(kinds).contains("Kamelet", "ConfigMap", "Integration");
        assertThat(kinds.lastIndexOf("Kamelet")).isLessThan(kinds.indexOf("ConfigMap"));
        assertThat(kinds.lastIndexOf("ConfigMap")).isLessThan(kinds.indexOf("Integration"));

        List<JsonNode> configurations = new ArrayList<>();
        for (JsonNode configuration : root.path("configurations")) {
            configurations.addAll(readYaml(CAMEL_K.resolve(configuration.asText())));
        }
        assertThat(configurations)
                .as("a ConfigMap's name referenced from Integration spec/sources/contentRef")
                .anySatisfy(configuration -> assertThat(configuration.path("nameReference"))
                        .anySatisfy(reference -> {
                            assertThat(reference.path("kind").asText()).isEqualTo("ConfigMap");
                            assertThat(reference.path("fieldSpecs"))
                                    .anySatisfy(field -> assertIntegrationField(field, "spec/sources/contentRef"));
                        }));
        assertThat(configurations)
                .as("an image in Integration spec/traits/container/image")
                .anySatisfy(configuration -> assertThat(configuration.path("images"))
                        .anySatisfy(field -> assertIntegrationField(field, "spec/traits/container/image")));
        for (JsonNode source : integration().path("spec").path("sources")) {
            assertThat(kustomization.configMaps())
                    .as("contentRef names a generated ConfigMap, which kustomize renames with a hash")
                    .containsKey(source.path("contentRef").asText());
        }
    }

    private static void assertIntegrationField(JsonNode field, String path) {
        assertThat(field.path("group").asText()).isEqualTo("camel.apache.org");
        assertThat(field.path("version").asText()).isEqualTo("v1");
        assertThat(field.path("kind").asText()).isEqualTo("Integration");
        assertThat(field.path("path").asText()).isEqualTo(path);
    }

    /**
     * The flow files the Integration deploys: each source's contentRef and contentKey, followed through the
     * kustomization's configMapGenerator to the file it reads. Every test about the flows starts here.
     */
    static List<Path> referencedRouteFiles() {
        Kustomization kustomization = Kustomization.load(CAMEL_K);
        List<Path> files = new ArrayList<>();
        for (JsonNode source : integration(kustomization).path("spec").path("sources")) {
            String configMap = source.path("contentRef").asText();
            String key = source.path("contentKey").asText();
            Map<String, Path> generated = kustomization.configMaps().get(configMap);
            assertThat(generated).as("a ConfigMap generated as " + configMap).isNotNull();
            assertThat(generated).as(configMap).containsKey(key);
            files.add(generated.get(key));
        }
        return files;
    }

    /** The Kamelet files the kustomization applies. */
    private List<Path> referencedKameletFiles() {
        return kustomization.resourceFiles().stream()
                .filter(file -> readYaml(file).stream()
                        .anyMatch(r -> "Kamelet".equals(r.path("kind").asText())))
                .toList();
    }

    private List<JsonNode> resources() {
        return kustomization.resourceFiles().stream()
                .flatMap(file -> readYaml(file).stream())
                .toList();
    }

    private ObjectNode integration() {
        return integration(kustomization);
    }

    private static ObjectNode integration(Kustomization kustomization) {
        List<JsonNode> integrations = kustomization.resourceFiles().stream()
                .flatMap(file -> readYaml(file).stream())
                .filter(resource -> "Integration".equals(resource.path("kind").asText()))
                .toList();
        assertThat(integrations).as("Integrations in camel-k/").hasSize(1);
        return (ObjectNode) integrations.get(0);
    }

    /** The Integration's environment trait variables; a value may be a {@code secret:name/key} reference. */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable :
                integration().path("spec").path("traits").path("environment").path("vars")) {
            String[] pair = variable.asText().split("=", 2);
            assertThat(environment.put(pair[0], pair[1]))
                    .as(pair[0] + " set twice")
                    .isNull();
        }
        return environment;
    }

    /** Schema errors and metadata errors of one resource, by the CRD of its apiVersion and kind. */
    private static List<String> errors(JsonNode resource) {
        String type = resource.path("apiVersion").asText() + " "
                + resource.path("kind").asText();
        JsonSchema schema = CRD_SCHEMAS.get(type);
        assertThat(schema).as("a pinned CRD for " + type).isNotNull();
        List<String> errors = new ArrayList<>(schema.validate(resource).stream()
                .map(ValidationMessage::getMessage)
                .toList());

        JsonNode metadata = resource.path("metadata");
        String name = metadata.path("name").asText();
        // Stricter than the API server's DNS-1123 subdomain: the Integration's name is also its Deployment's and
        // Service's (a DNS-1035 label), and a Kamelet's is its file name and URI.
        if (!DNS_1035_LABEL.matcher(name).matches()) {
            errors.add("metadata.name '" + name + "' is not a DNS-1035 label");
        }
        metadata.fieldNames().forEachRemaining(field -> {
            if (!METADATA_FIELDS.contains(field)) {
                errors.add("metadata." + field + " is not expected in a resource to apply");
            }
        });
        return errors;
    }

    private static Map<String, JsonSchema> loadCrdSchemas() {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode crd : readYaml(file)) {
                    JsonNode spec = crd.path("spec");
                    for (JsonNode version : spec.path("versions")) {
                        schemas.put(
                                spec.path("group").asText() + "/"
                                        + version.path("name").asText() + " "
                                        + spec.path("names").path("kind").asText(),
                                SCHEMAS.getSchema(
                                        structural(version.path("schema").path("openAPIV3Schema"))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    /**
     * A CRD's OpenAPI v3 schema as plain JSON Schema (draft 4): Kubernetes' own keywords dropped, {@code nullable}
     * as a "null" type, and objects with declared properties closed unless they preserve unknown fields, since the
     * API server refuses (strict field validation) what it would otherwise prune.
     */
    static JsonNode structural(JsonNode schema) {
        ObjectNode result = YAML.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "properties" -> {
                    ObjectNode properties = result.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), structural(p.getValue())));
                }
                case "items", "not" -> result.set(field.getKey(), structural(value));
                case "additionalProperties" -> result.set(field.getKey(), value.isObject() ? structural(value) : value);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode branches = result.putArray(field.getKey());
                    value.forEach(branch -> branches.add(structural(branch)));
                }
                case "nullable" -> {}
                default -> {
                    if (!field.getKey().startsWith("x-kubernetes-")) {
                        result.set(field.getKey(), value);
                    }
                }
            }
        }
        if (schema.path("nullable").asBoolean(false) && result.path("type").isTextual()) {
            result.putArray("type").add(schema.path("type").asText()).add("null");
        }
        if (result.has("properties")
                && !result.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            result.put("additionalProperties", false);
        }
        return result;
    }

    private static String kameletName(Path file) {
        String name = file.getFileName().toString();
        assertThat(name).endsWith(KAMELET_SUFFIX);
        return name.substring(0, name.length() - KAMELET_SUFFIX.length());
    }

    private static String describe(JsonNode resource) {
        return resource.path("kind").asText() + " "
                + resource.path("metadata").path("name").asText();
    }

    /** Every document of a (multi-document) YAML file. */
    static List<JsonNode> readYaml(Path file) {
        try (var parser = YAML.createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a kustomization and the kustomizations it includes read: resource files, generated ConfigMaps (name to
     * key to file) and image tags; and the kinds of what it renders, in the order kustomize's fifo sort emits them
     * (resources as listed, a kustomization's generated ConfigMaps after its resources). Paths are relative to the
     * repository root, as kustomize resolves them.
     */
    record Kustomization(
            List<Path> files,
            List<Path> resourceFiles,
            Map<String, Map<String, Path>> configMaps,
            Map<String, String> imageTags,
            List<String> appliedKinds) {

        static Kustomization load(Path directory) {
            Kustomization kustomization = new Kustomization(
                    new ArrayList<>(),
                    new ArrayList<>(),
                    new LinkedHashMap<>(),
                    new LinkedHashMap<>(),
                    new ArrayList<>());
            kustomization.include(directory);
            return kustomization;
        }

        private void include(Path directory) {
            Path file = directory.resolve("kustomization.yaml");
            files.add(file);
            JsonNode kustomization = readYaml(file).get(0);
            for (JsonNode entry : kustomization.path("resources")) {
                Path resource = directory.resolve(entry.asText()).normalize();
                if (Files.isDirectory(resource)) {
                    include(resource);
                } else {
                    files.add(resource);
                    resourceFiles.add(resource);
                    readYaml(resource)
                            .forEach(document ->
                                    appliedKinds.add(document.path("kind").asText()));
                }
            }
            for (JsonNode generator : kustomization.path("configMapGenerator")) {
                Map<String, Path> keys = new LinkedHashMap<>();
                for (JsonNode entry : generator.path("files")) {
                    String[] keyAndPath = entry.asText().split("=", 2);
                    Path source =
                            directory.resolve(keyAndPath[keyAndPath.length - 1]).normalize();
                    keys.put(
                            keyAndPath.length == 2
                                    ? keyAndPath[0]
                                    : source.getFileName().toString(),
                            source);
                    files.add(source);
                }
                configMaps.put(generator.path("name").asText(), keys);
                appliedKinds.add("ConfigMap");
            }
            for (JsonNode configuration : kustomization.path("configurations")) {
                files.add(directory.resolve(configuration.asText()).normalize());
            }
            for (JsonNode image : kustomization.path("images")) {
                imageTags.put(image.path("name").asText(), image.path("newTag").asText());
            }
        }
    }
}
