package com.acme.hub.platform.routes;

import static java.util.stream.Collectors.toSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Checks route files the way the hub would load them, in order: well-formed YAML, Camel's YAML DSL schema, Camel's
 * own loaders, and that every Kamelet used exists. A file may also hold Camel K resources, as {@code camel-k/} does:
 * Kamelets, Integrations and Pipes are checked, other Kubernetes resources are skipped.
 */
final class RouteValidator {

    /** One file's text, and how to name the file in problems. */
    record Source(String file, String text) {}

    record Report(List<Problem> problems, List<String> skipped) {}

    private static final String KAMELET_FILE = ".kamelet.yaml";

    private final DslSchema schema;
    private final UnaryOperator<String> settings;
    private final Set<String> knownKamelets;

    /**
     * @param settings the hub's settings by name, to resolve placeholders Camel needs while loading
     * @param moreKamelets Kamelets known besides the hub's own, such as route templates of a running context
     */
    RouteValidator(DslSchema schema, UnaryOperator<String> settings, Collection<String> moreKamelets) {
        this.schema = schema;
        this.settings = settings;
        Set<String> known = classpathKamelets();
        known.addAll(moreKamelets);
        this.knownKamelets = Set.copyOf(known);
    }

    /** The hub's Kamelets: the Kamelet component finds them as {@code classpath:kamelets/<name>.kamelet.yaml}. */
    static Set<String> classpathKamelets() {
        try {
            Resource[] found =
                    new PathMatchingResourcePatternResolver().getResources("classpath*:kamelets/*" + KAMELET_FILE);
            return Arrays.stream(found)
                    .map(Resource::getFilename)
                    .filter(Objects::nonNull)
                    .map(name -> name.substring(0, name.length() - KAMELET_FILE.length()))
                    .collect(toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Report validate(List<Source> sources) {
        Report report = new Report(new ArrayList<>(), new ArrayList<>());
        List<Parsed> parsed = sources.stream()
                .map(source -> parse(source.file(), source.text()))
                .toList();
        // A Kamelet defined in one of the files may be used by any of them.
        Set<String> kamelets = new HashSet<>(knownKamelets);
        parsed.forEach(file -> file.documents().forEach(document -> kamelets.addAll(definedKamelets(document))));
        try (CamelLoad camel = new CamelLoad(settings)) {
            for (Parsed file : parsed) {
                if (file.failure() != null) {
                    report.problems().add(file.failure());
                    continue;
                }
                List<Problem> problems = new ArrayList<>();
                new FileCheck(file, kamelets, camel, problems, report.skipped()).run();
                problems.sort(Comparator.comparingInt(Problem::line));
                report.problems().addAll(problems);
            }
        }
        return report;
    }

    /** A file's YAML documents, or why it is not YAML. */
    private record Parsed(String file, String text, List<Node> documents, Problem failure) {}

    private static Parsed parse(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
        List<Node> documents = new ArrayList<>();
        try {
            composer.forEachRemaining(documents::add);
            return new Parsed(file, text, documents, null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(1);
            return new Parsed(file, text, List.of(), new Problem(file, line, "invalid YAML: " + e.getProblem()));
        }
    }

    private final class FileCheck {

        private final Parsed file;
        private final Set<String> kamelets;
        private final CamelLoad camel;
        private final List<Problem> problems;
        private final List<String> skipped;

        FileCheck(Parsed file, Set<String> kamelets, CamelLoad camel, List<Problem> problems, List<String> skipped) {
            this.file = file;
            this.kamelets = kamelets;
            this.camel = camel;
            this.problems = problems;
            this.skipped = skipped;
        }

        void run() {
            String name = file.file().replace('\\', '/');
            String base = name.substring(name.lastIndexOf('/') + 1);
            // kustomize's own files (the kustomization and its transformer configuration) sit beside Camel K resources.
            if (base.equals("kustomization.yaml") || base.equals("kustomizeconfig.yaml")) {
                skipped.add(file.file() + ": skipped, kustomize configuration");
                return;
            }
            List<Node> documents = file.documents();
            if (documents.isEmpty()) {
                problems.add(new Problem(file.file(), 1, "no routes: the file is empty"));
            }
            if (documents.size() > 1 && documents.stream().anyMatch(document -> text(document, "kind") == null)) {
                problems.add(new Problem(
                        file.file(),
                        YamlTree.line(documents.get(1)),
                        "Camel reads one YAML document per route file: move this one to a file of its own"));
            }
            documents.forEach(this::document);
        }

        private void document(Node document) {
            String kind = text(document, "kind");
            String apiVersion = text(document, "apiVersion");
            if (kind == null) {
                routes(document, 0);
            } else if (apiVersion == null || !apiVersion.startsWith("camel.apache.org/")) {
                skipped.add(
                        file.file() + ":" + YamlTree.line(document) + ": skipped " + kind + ", not a Camel resource");
                return;
            } else if ("Kamelet".equals(kind)) {
                kamelet(document);
            } else if ("Integration".equals(kind)) {
                integration(document);
            } else if ("Pipe".equals(kind)) {
                // Camel's YAML DSL loads Pipes itself; the schema does not cover them.
                camel.load(file.file(), region(document, 0), "yaml", YamlTree.line(document))
                        .ifPresent(problems::add);
            } else {
                skipped.add(file.file() + ":" + YamlTree.line(document) + ": skipped " + kind + ", not routes");
                return;
            }
            problems.addAll(KameletReferences.check(file.file(), document, kamelets));
        }

        private void routes(Node routes, int indent) {
            List<Problem> invalid = schema.validate(file.file(), YamlTree.of(routes, ""));
            problems.addAll(invalid);
            // Camel's loader would only repeat what the schema found, less clearly.
            if (invalid.isEmpty()) {
                camel.load(file.file(), region(routes, indent), "yaml", YamlTree.line(routes))
                        .ifPresent(problems::add);
            }
        }

        private void kamelet(Node document) {
            Node template = at(document, "spec", "template");
            String name = text(at(document, "metadata"), "name");
            if (template == null || name == null) {
                problems.add(new Problem(
                        file.file(), YamlTree.line(document), "a Kamelet needs metadata.name and spec.template"));
                return;
            }
            List<Problem> invalid =
                    schema.validateTemplate(file.file(), YamlTree.of(template, "/0/routeTemplate"), name);
            problems.addAll(invalid);
            if (invalid.isEmpty()) {
                camel.load(file.file(), region(document, 0), "kamelet.yaml", YamlTree.line(document))
                        .ifPresent(problems::add);
            }
        }

        private void integration(Node document) {
            Node flows = at(document, "spec", "flows");
            if (flows != null) {
                routes(flows, flows.getStartMark().map(Mark::getColumn).orElse(0));
            }
            if (at(document, "spec", "sources") instanceof SequenceNode sources) {
                for (Node source : sources.getValue()) {
                    String name = text(source, "name");
                    if (name != null
                            && (name.endsWith(".yaml") || name.endsWith(".yml"))
                            && at(source, "content") instanceof ScalarNode content) {
                        inline(content);
                    }
                }
            }
        }

        /** An Integration's source given inline: checked as a file of its own, on the lines it has here. */
        private void inline(ScalarNode content) {
            // A block scalar's text starts on the line after its | or > indicator.
            boolean block =
                    content.getScalarStyle() == ScalarStyle.LITERAL || content.getScalarStyle() == ScalarStyle.FOLDED;
            int first = YamlTree.line(content) + (block ? 1 : 0);
            String text = "\n".repeat(first - 1) + content.getValue();
            Parsed source = parse(file.file(), text);
            if (source.failure() != null) {
                problems.add(source.failure());
            } else {
                new FileCheck(source, kamelets, camel, problems, skipped).run();
            }
        }

        /**
         * The lines of one node, every other line blank and the node's indentation removed: Camel loads one document
         * per file, and this way the lines it reports are the file's own.
         */
        private String region(Node node, int indent) {
            int first = node.getStartMark().map(Mark::getLine).orElse(0);
            int last = node.getEndMark()
                    // A node ends where the next one starts: at that one's indentation, or further left.
                    .map(end -> end.getColumn() <= indent ? end.getLine() - 1 : end.getLine())
                    .orElse(Integer.MAX_VALUE);
            String[] lines = file.text().split("\n", -1);
            StringBuilder region = new StringBuilder();
            for (int i = 0; i < lines.length && i <= last; i++) {
                String line = lines[i];
                if (i >= first
                        && line.length() >= indent
                        && line.substring(0, indent).isBlank()) {
                    region.append(line.substring(indent));
                }
                region.append('\n');
            }
            return region.toString();
        }
    }

    /** Kamelets a document defines: a Kamelet resource, or route templates, which Kamelet URIs also find. */
    private static Set<String> definedKamelets(Node document) {
        Set<String> names = new HashSet<>();
        if ("Kamelet".equals(text(document, "kind"))) {
            names.add(text(at(document, "metadata"), "name"));
        } else if (document instanceof SequenceNode items) {
            items.getValue().forEach(item -> names.add(text(at(item, "routeTemplate"), "id")));
        }
        names.remove(null);
        return names;
    }

    private static Node at(Node node, String... path) {
        Node at = node;
        for (String key : path) {
            if (!(at instanceof MappingNode mapping)) {
                return null;
            }
            at = mapping.getValue().stream()
                    .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue()))
                    .map(NodeTuple::getValueNode)
                    .findFirst()
                    .orElse(null);
        }
        return at;
    }

    private static String text(Node node, String key) {
        return at(node, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
