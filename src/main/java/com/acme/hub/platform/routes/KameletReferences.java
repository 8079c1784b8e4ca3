package com.acme.hub.platform.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Every Kamelet a YAML document uses must exist. Camel only looks a Kamelet up when the route starts, so a misspelt
 * name loads fine and fails later: at start-up, or on a hot reload after the old route was already removed.
 */
final class KameletReferences {

    /** {@code kamelet:source} and {@code kamelet:sink} are the two ends of a Kamelet's own template. */
    private static final Set<String> ENDS = Set.of("source", "sink");

    private final String file;
    private final Set<String> known;
    private final List<Problem> problems = new ArrayList<>();

    private KameletReferences(String file, Set<String> known) {
        this.file = file;
        this.known = known;
    }

    /**
     * Finds {@code kamelet:<name>} URIs wherever they are, the {@code kamelet} EIP ({@code kamelet: name} or {@code
     * kamelet: {name: ...}}) and a Pipe's {@code ref: {kind: Kamelet, name: ...}}.
     */
    static List<Problem> check(String file, Node document, Set<String> known) {
        KameletReferences references = new KameletReferences(file, known);
        references.visit(document);
        return references.problems;
    }

    private void visit(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getValue().startsWith("kamelet:")) {
            require(scalar.getValue().substring("kamelet:".length()), scalar);
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(this::visit);
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = text(tuple.getKeyNode());
                Node value = tuple.getValueNode();
                if ("kamelet".equals(key) && value instanceof ScalarNode name) {
                    require(name.getValue(), name);
                } else if ("kamelet".equals(key) && value instanceof MappingNode eip) {
                    named(eip, null);
                } else if ("ref".equals(key) && value instanceof MappingNode ref) {
                    named(ref, "Kamelet");
                }
                visit(value);
            }
        }
    }

    private void named(MappingNode mapping, String kind) {
        Node name = null;
        boolean kindMatches = kind == null;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = text(tuple.getKeyNode());
            if ("name".equals(key)) {
                name = tuple.getValueNode();
            } else if ("kind".equals(key)) {
                kindMatches = kindMatches || kind.equals(text(tuple.getValueNode()));
            }
        }
        if (kindMatches && name instanceof ScalarNode scalar) {
            require(scalar.getValue(), scalar);
        }
    }

    private void require(String reference, Node where) {
        String name = reference.split("[/?]", 2)[0];
        // A placeholder is resolved only at run time; nothing to check before.
        if (name.isEmpty() || name.contains("{{") || name.contains("${") || ENDS.contains(name)) {
            return;
        }
        if (!known.contains(name)) {
            problems.add(new Problem(file, YamlTree.line(where), "unknown Kamelet " + name));
        }
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
