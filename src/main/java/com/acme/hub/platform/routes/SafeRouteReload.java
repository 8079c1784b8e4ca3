package com.acme.hub.platform.routes;

import com.acme.hub.platform.routes.RouteValidator.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Camel's route watcher does when a route file changes, made safe. Camel 4.17 alone (with
 * {@code routes-reload-remove-all-routes=false}) keeps the old routes only when the file does not parse; a file that
 * parses but cannot start (an unknown Kamelet, a wrong type, a bad simple expression) has already lost its old
 * routes, the broken file is retried with every later change of any other file until fixed, and a deleted file's
 * routes keep running.
 *
 * <p>Here a changed file is first checked like {@code hub.jar validate} does and refused when broken; one that passes
 * replaces the routes it had, and if it still fails to start, its last good version is put back. A deleted file's
 * routes are removed.
 */
final class SafeRouteReload implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(SafeRouteReload.class);

    private final CamelContext camel;
    private final UnaryOperator<String> settings;
    private final RouteFilesHealth health;
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();

    SafeRouteReload(CamelContext camel, UnaryOperator<String> settings, RouteFilesHealth health) {
        this.camel = camel;
        this.settings = settings;
        this.health = health;
    }

    /** The files the hub started with are the first good versions to go back to. */
    void rememberLoadedFiles() {
        camel.getRoutes().stream()
                .map(route -> pathOf(route.getSourceResource()))
                .filter(file -> file != null && Files.isRegularFile(file))
                .distinct()
                .forEach(file -> {
                    try {
                        lastGood.put(file, Files.readString(file));
                    } catch (IOException e) {
                        LOG.warn("Cannot read route file {}: {}", file, e.getMessage());
                    }
                });
    }

    @Override
    public void onReload(String name, Resource resource) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        try {
            if (!Files.exists(file)) {
                List<String> removed = remove(routesFrom(file));
                lastGood.remove(file);
                health.loaded(name);
                LOG.info("Route file {} deleted: removed routes {}", name, removed);
                return;
            }
            String text = Files.readString(file);
            if (text.isBlank()) {
                // Editors that save in place truncate first: the content follows in the next event.
                LOG.debug("Route file {} is empty, waiting for its content", name);
                return;
            }
            List<Problem> problems =
                    validator().validate(List.of(new Source(name, text))).problems();
            if (problems.isEmpty()) {
                replace(name, file, text, resource);
            } else {
                refuse(name, problems);
            }
        } catch (Exception e) {
            refuse(name, List.of(new Problem(name, 1, firstLine(e))));
        }
    }

    private void replace(String name, Path file, String text, Resource resource) throws Exception {
        remove(routesFrom(file));
        try {
            Set<String> ids = PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
            lastGood.put(file, text);
            health.loaded(name);
            LOG.info("Route file {} reloaded: routes {}", name, ids);
        } catch (Exception e) {
            remove(routesFrom(file));
            refuse(name, List.of(new Problem(name, 1, "routes failed to start: " + firstLine(rootCause(e)))));
            String good = lastGood.get(file);
            if (good != null) {
                PluginHelper.getRoutesLoader(camel)
                        .updateRoutes(List.of(ResourceHelper.fromString(resource.getLocation(), good)));
                LOG.info("Route file {}: its last good version runs again", name);
            }
        }
    }

    private void refuse(String name, List<Problem> problems) {
        problems.forEach(problem ->
                LOG.error("Route file {} not reloaded, its previous routes keep running: {}", name, problem));
        health.refused(name, problems);
    }

    private RouteValidator validator() {
        List<String> templates = model().getRouteTemplateDefinitions().stream()
                .map(RouteTemplateDefinition::getId)
                .toList();
        return new RouteValidator(DslSchema.camelYamlDsl(), settings, templates);
    }

    private List<String> routesFrom(Path file) {
        return camel.getRoutes().stream()
                .filter(route -> file.equals(pathOf(route.getSourceResource())))
                .map(Route::getRouteId)
                .toList();
    }

    private List<String> remove(List<String> routeIds) throws Exception {
        for (String id : routeIds) {
            RouteDefinition definition = model().getRouteDefinition(id);
            if (definition != null) {
                model().removeRouteDefinition(definition);
            } else {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        }
        return routeIds;
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static Path pathOf(Resource resource) {
        if (resource == null || !resource.getLocation().startsWith("file:")) {
            return null;
        }
        return Path.of(resource.getLocation().substring("file:".length()))
                .toAbsolutePath()
                .normalize();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
