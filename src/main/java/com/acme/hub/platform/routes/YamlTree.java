package com.acme.hub.platform.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML node as JSON for the schema validator, remembering the line of every JSON pointer so that a schema error can
 * be reported on the line the integrator has to fix.
 */
final class YamlTree {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode json;
    private final Map<String, Integer> lines = new HashMap<>();
    private final int fallbackLine;

    private YamlTree(Node root, String rootPointer) {
        this.fallbackLine = line(root);
        this.json = convert(
                root,
                rootPointer,
                new StandardConstructor(LoadSettings.builder().build()));
    }

    /** The tree of {@code root}, its pointers starting at {@code rootPointer} (to wrap it in a larger document). */
    static YamlTree of(Node root, String rootPointer) {
        return new YamlTree(root, rootPointer);
    }

    JsonNode json() {
        return json;
    }

    /** The line (1-based) of the node at a JSON pointer, or of its nearest ancestor the YAML has a line for. */
    int lineOf(String pointer) {
        String at = pointer;
        while (at.contains("/")) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            at = at.substring(0, at.lastIndexOf('/'));
        }
        return fallbackLine;
    }

    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    private JsonNode convert(Node node, String pointer, StandardConstructor constructor) {
        lines.putIfAbsent(pointer, line(node));
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.createObjectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar
                        ? scalar.getValue()
                        : String.valueOf(tuple.getKeyNode());
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                // An option is reported on its key's line: its value may start on the next one.
                lines.put(child, line(tuple.getKeyNode()));
                object.set(key, convert(tuple.getValueNode(), child, constructor));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.createArrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, pointer + "/" + array.size(), constructor));
            }
            return array;
        }
        // Scalars typed as Camel's YAML DSL reads them (YAML 1.2: "yes" is a string, 3 a number).
        return JSON.valueToTree(constructor.constructSingleDocument(Optional.of(node)));
    }
}
