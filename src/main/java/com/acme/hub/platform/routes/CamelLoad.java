package com.acme.hub.platform.routes;

import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Loads YAML with Camel's own loaders (the YAML DSL's, or its Kamelet loader for {@code *.kamelet.yaml}) into a
 * context that is never started: what Camel rejects while reading a file is found without brokers, ports or beans.
 */
final class CamelLoad implements AutoCloseable {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private int loaded;

    /** @param settings the hub's settings, for the few placeholders Camel resolves while loading (rest, beans) */
    CamelLoad(UnaryOperator<String> settings) {
        // Validation may run inside the hub: its throwaway context must not register MBeans next to the real one.
        camel.disableJMX();
        camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "hub settings";
            }

            @Override
            public String getProperty(String name) {
                return settings.apply(name);
            }
        });
        // A setting only a deployment provides (environment, secret store) is not the file's mistake.
        camel.getPropertiesComponent().setIgnoreMissingProperty(true);
    }

    /**
     * @param text a single YAML document, on the same lines as in {@code file}
     * @param extension {@code yaml} for routes, {@code kamelet.yaml} for a Kamelet, which picks Camel's loader
     * @param line where to report a failure Camel gives no position for
     */
    Optional<Problem> load(String file, String text, String extension, int line) {
        try {
            // A location of its own each time: Camel remembers per location which files it has pre-parsed.
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.fromString("validate-" + ++loaded + "." + extension, text));
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(problem(file, e, line));
        }
    }

    private static Problem problem(String file, Throwable failure, int line) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException marked) {
                int at = marked.getProblemMark().map(mark -> mark.getLine() + 1).orElse(line);
                return new Problem(file, at, marked.getProblem());
            }
            root = cause;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new Problem(file, line, message.lines().findFirst().orElse(message));
    }

    @Override
    public void close() {
        camel.stop();
    }
}
