package com.acme.hub.platform.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.hub.platform.routes.RouteValidator.Report;
import com.acme.hub.platform.routes.RouteValidator.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RouteValidatorTest {

    private static final Path FIXTURES = Path.of("src/test/resources/validation");

    @Test
    void misspeltEipIsReportedOnItsLine() {
        assertThat(problems("broken/misspelt-eip.yaml"))
                .containsExactly("broken/misspelt-eip.yaml:7: unknown EIP 'tooo'");
    }

    @Test
    void valuesOfTheWrongTypeAreReportedOnTheirLines() {
        assertThat(problems("broken/wrong-type.yaml"))
                .containsExactly(
                        "broken/wrong-type.yaml:7: 'maximumRedeliveries' must be a number, not 'lots'",
                        "broken/wrong-type.yaml:12: 'name' must be a string, not a map");
    }

    @Test
    void valuesCamelConvertsAndPlaceholdersAreNotHeldAgainstAFile() {
        String route =
                """
                - route:
                    id: test-conversions
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: direct:dead-letters
                        redeliveryPolicy:
                          maximumRedeliveries: "{{hub.adapters.erp.retry.max-attempts}}"
                          redeliveryDelay: 1000
                          logStackTrace: "false"
                    from:
                      uri: direct:conversions
                      steps:
                        - throttle:
                            constant: "5"
                            timePeriodMillis: 1000
                """;

        assertThat(validate(List.of(new Source("conversions.yaml", route))).problems())
                .isEmpty();
    }

    @Test
    void unknownKameletIsReportedOnItsLineWhileTheHubsKameletsAreKnown() {
        assertThat(problems("broken/unknown-kamelet.yaml"))
                .containsExactly("broken/unknown-kamelet.yaml:7: unknown Kamelet no-such-thing");
    }

    @Test
    void badIndentIsReportedOnItsLine() {
        assertThat(problems("broken/bad-indent.yaml"))
                .singleElement()
                .asString()
                .startsWith("broken/bad-indent.yaml:7: invalid YAML: ");
    }

    @Test
    void camelKResourcesAreCheckedAndOtherKubernetesResourcesSkipped() {
        Report report = validate(sourcesUnder(FIXTURES.resolve("camel-k")));

        assertThat(report.problems()).isEmpty();
        assertThat(report.skipped())
                .containsExactly(
                        "camel-k/greeting.yaml:35: skipped ConfigMap, not a Camel resource",
                        "camel-k/kustomization.yaml: skipped, kustomize configuration");
    }

    @Test
    void everyDocumentOfAKubernetesFileIsCheckedOnItsOwnLines() {
        String kamelets = read(FIXTURES.resolve("camel-k/kamelets.yaml"))
                .replace("- setBody:", "- setBodyy:")
                .replace("uri: log:shout", "uri: kamelet:no-such-sink");

        assertThat(validate(List.of(new Source("kamelets.yaml", kamelets))).problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "kamelets.yaml:" + lineOf(kamelets, "setBodyy") + ": unknown EIP 'setBodyy'",
                        "kamelets.yaml:" + lineOf(kamelets, "no-such-sink") + ": unknown Kamelet no-such-sink");
    }

    @Test
    void routeFileWithSeveralDocumentsIsRejectedAtTheSecond() {
        String twoDocuments = read(Path.of("routes/hub-greet-visitor.yaml")) + "---\n"
                + "- from:\n    uri: direct:b\n    steps:\n      - log: b\n";
        int second = lineOf(twoDocuments, "direct:b") - 1;

        assertThat(validate(List.of(new Source("two.yaml", twoDocuments))).problems())
                .extracting(Problem::toString)
                .containsExactly("two.yaml:" + second
                        + ": Camel reads one YAML document per route file: move this one to a file of its own");
    }

    @Test
    void everyFileInRoutesCamelKTheHubsKameletsAndTheDocsExamplesIsValid() {
        List<Source> sources = Stream.of("routes", "camel-k", "src/main/resources/kamelets", "docs/examples")
                .map(Path::of)
                .filter(Files::isDirectory)
                .flatMap(directory -> sourcesUnder(directory).stream())
                .toList();

        assertThat(sources).isNotEmpty();
        assertThat(validate(sources).problems()).isEmpty();
    }

    private static List<String> problems(String fixture) {
        Source source = new Source(fixture, read(FIXTURES.resolve(fixture)));
        return validate(List.of(source)).problems().stream()
                .map(Problem::toString)
                .toList();
    }

    private static Report validate(List<Source> sources) {
        return new RouteValidator(DslSchema.camelYamlDsl(), name -> null, Set.of()).validate(sources);
    }

    private static int lineOf(String text, String part) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError(part + " not in the text");
    }

    private static List<Source> sourcesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .map(file -> new Source(
                            directory.getParent() == null
                                    ? file.toString()
                                    : directory.getParent().relativize(file).toString(),
                            read(file)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
