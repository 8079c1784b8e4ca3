package com.acme.hub.platform.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Camel's YAML DSL JSON Schema (draft-04, shipped inside camel-yaml-dsl), with its findings cut down to what an
 * integrator needs: one short message per place, on the line of that place.
 */
final class DslSchema {

    private static final String LOCATION = "classpath:schema/camelYamlDsl.json";

    /** These only say that their branches failed; the branches' own errors say why. */
    private static final Set<String> COMBINATORS = Set.of("oneOf", "anyOf", "allOf", "not");

    private static final Pattern PLACEHOLDER = Pattern.compile(".*\\{\\{.+}}.*", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern INDEX = Pattern.compile("\\d+");
    private static final int MAX_ALTERNATIVES = 5;

    private final JsonSchema schema;

    /** The schema is large (a second or two to load) and immutable: loaded once, when first needed. */
    static DslSchema camelYamlDsl() {
        return Loaded.SCHEMA;
    }

    private static final class Loaded {
        private static final DslSchema SCHEMA = new DslSchema();
    }

    private DslSchema() {
        JsonMetaSchema draft4 = JsonMetaSchema.getV4();
        // The schema flags deprecated options with a keyword draft-04 does not define; it is documentation only.
        JsonMetaSchema meta = JsonMetaSchema.builder(draft4.getIri(), draft4)
                .keyword(new AnnotationKeyword("deprecated"))
                .build();
        schema = JsonSchemaFactory.getInstance(VersionFlag.V4, factory -> factory.metaSchema(meta))
                .getSchema(
                        SchemaLocation.of(LOCATION),
                        SchemaValidatorsConfig.builder()
                                .pathType(PathType.JSON_POINTER)
                                .build());
    }

    List<Problem> validate(String file, YamlTree tree) {
        return problems(file, tree, tree.json());
    }

    /**
     * A Kamelet's {@code spec.template} is the body of a route template whose id is the Kamelet's name: checked as
     * that route template. The tree's pointers must start at {@code /0/routeTemplate}.
     */
    List<Problem> validateTemplate(String file, YamlTree tree, String name) {
        JsonNode body = tree.json().deepCopy();
        if (body instanceof ObjectNode template) {
            template.put("id", name);
        }
        ArrayNode routes = JsonNodeFactory.instance.arrayNode();
        routes.addObject().set("routeTemplate", body);
        return problems(file, tree, routes);
    }

    private List<Problem> problems(String file, YamlTree tree, JsonNode instance) {
        List<ValidationMessage> leaves = schema.validate(instance).stream()
                .filter(message -> !COMBINATORS.contains(message.getType()))
                .toList();
        Map<String, List<ValidationMessage>> byPlace = new LinkedHashMap<>();
        for (ValidationMessage message : leaves) {
            String place = message.getInstanceLocation().toString();
            // A deeper error explains the failures of the nodes around it (every oneOf branch of a parent fails too).
            boolean explainedDeeper = leaves.stream()
                    .map(other -> other.getInstanceLocation().toString())
                    .anyMatch(other -> other.startsWith(place + "/") || (place.isEmpty() && !other.isEmpty()));
            if (!explainedDeeper && !camelConverts(message)) {
                byPlace.computeIfAbsent(place, key -> new ArrayList<>()).add(message);
            }
        }
        List<Problem> problems = new ArrayList<>();
        byPlace.forEach((place, messages) -> problems.addAll(describe(file, tree, place, messages)));
        return problems;
    }

    /**
     * Camel's YAML DSL reads every scalar as text and converts it where it needs another type: 1000 is a fine string,
     * "5" a fine number, and a {{placeholder}} stands for any value, resolved before the conversion.
     */
    private static boolean camelConverts(ValidationMessage message) {
        JsonNode value = message.getInstanceNode();
        if (!"type".equals(message.getType()) || value == null || !value.isValueNode() || value.isNull()) {
            return false;
        }
        String text = value.asText();
        return PLACEHOLDER.matcher(text).matches()
                || switch (String.valueOf(message.getArguments()[1])) {
                    case "string" -> true;
                    case "number", "integer" -> NUMBER.matcher(text).matches();
                    case "boolean" -> text.equals("true") || text.equals("false");
                    default -> false;
                };
    }

    private static List<Problem> describe(String file, YamlTree tree, String place, List<ValidationMessage> messages) {
        List<String> unknown = propertiesOf(messages, "additionalProperties");
        if (!unknown.isEmpty()) {
            return unknown.stream()
                    .map(property -> new Problem(file, tree.lineOf(place + "/" + property), unknown(place, property)))
                    .toList();
        }
        int line = tree.lineOf(place);
        List<String> expected = messages.stream()
                .filter(message -> "type".equals(message.getType()))
                .map(message -> article(String.valueOf(message.getArguments()[1])))
                .distinct()
                .toList();
        if (!expected.isEmpty()) {
            JsonNode value = messages.get(0).getInstanceNode();
            String found = value.isValueNode()
                    ? "'" + value.asText() + "'"
                    : article(value.getNodeType().name());
            return List.of(new Problem(
                    file, line, name(place) + " must be " + String.join(" or ", expected) + ", not " + found));
        }
        for (ValidationMessage message : messages) {
            if ("enum".equals(message.getType())) {
                String allowed = String.valueOf(message.getArguments()[0]).replaceAll("[\\[\\]\"]", "");
                return List.of(new Problem(
                        file,
                        line,
                        name(place) + " must be one of " + allowed + ", not '"
                                + message.getInstanceNode().asText() + "'"));
            }
        }
        List<String> missing = propertiesOf(messages, "required");
        if (missing.size() == 1) {
            return List.of(new Problem(file, line, name(place) + " needs '" + missing.get(0) + "'"));
        }
        if (!missing.isEmpty()) {
            String some = String.join(", ", missing.subList(0, Math.min(MAX_ALTERNATIVES, missing.size())));
            return List.of(new Problem(
                    file,
                    line,
                    name(place) + " needs one of " + some + (missing.size() > MAX_ALTERNATIVES ? ", ..." : "")));
        }
        ValidationMessage first = messages.get(0);
        String text = first.getMessage();
        String prefix = first.getInstanceLocation() + ": ";
        return List.of(new Problem(
                file, line, name(place) + " " + (text.startsWith(prefix) ? text.substring(prefix.length()) : text)));
    }

    private static List<String> propertiesOf(List<ValidationMessage> messages, String type) {
        return messages.stream()
                .filter(message -> type.equals(message.getType()))
                .map(ValidationMessage::getProperty)
                .distinct()
                .toList();
    }

    private static String unknown(String place, String property) {
        String[] segments = place.split("/");
        int last = segments.length - 1;
        if (last >= 1 && INDEX.matcher(segments[last]).matches() && "steps".equals(segments[last - 1])) {
            return "unknown EIP '" + property + "'";
        }
        return name(place).equals("the document")
                ? "unknown element '" + property + "'"
                : "unknown option '" + property + "' in " + name(place);
    }

    /** How to call the node at a pointer: its key, or the key of the list it is an item of. */
    private static String name(String place) {
        String[] segments = place.split("/");
        for (int i = segments.length - 1; i > 0; i--) {
            if (!INDEX.matcher(segments[i]).matches()) {
                return "'" + segments[i].replace("~1", "/").replace("~0", "~") + "'";
            }
        }
        return "the document";
    }

    private static String article(String jsonType) {
        return switch (jsonType.toLowerCase()) {
            case "object" -> "a map";
            case "array" -> "a list";
            case "string" -> "a string";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> "empty";
        };
    }
}
