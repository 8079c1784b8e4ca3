package com.acme.hub.platform.routes;

import com.acme.hub.platform.routes.RouteValidator.Report;
import com.acme.hub.platform.routes.RouteValidator.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code java -jar hub.jar validate [-v] <file-or-directory>...}: checks route files without starting the hub (no web
 * server, broker or database) and prints {@code file:line: message} for every problem. Exits with 0 when every file is
 * valid, 1 on any problem, 2 on a usage error. {@code -v} also lists the Kubernetes resources it skipped.
 */
public final class ValidateCommand {

    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private ValidateCommand() {}

    public static void main(String... args) {
        // The problems are this command's output: Camel's and the schema library's start-up chatter would bury them.
        LoggingSystem.get(ValidateCommand.class.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        System.exit(run(System.out, System.err, args));
    }

    /** Validates the given files and directories as the command does, for callers that want the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        boolean verbose = false;
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("-v") || arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.startsWith("-")) {
                return usage(err, "unknown option " + arg);
            } else {
                paths.add(Path.of(arg));
            }
        }
        if (paths.isEmpty()) {
            return usage(err, "no file or directory to validate");
        }
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                files.addAll(yamlFilesUnder(path));
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                return usage(err, path + ": no such file or directory");
            }
        }
        List<Source> sources = files.stream()
                .map(file -> new Source(file.toString(), read(file)))
                .toList();
        Report report =
                new RouteValidator(DslSchema.camelYamlDsl(), hubDefaults()::getProperty, Set.of()).validate(sources);
        report.problems().forEach(out::println);
        if (verbose) {
            report.skipped().forEach(out::println);
        }
        long broken = report.problems().stream().map(Problem::file).distinct().count();
        out.println("checked " + count(files.size(), "file") + ": "
                + (broken == 0
                        ? "no problems"
                        : count(report.problems().size(), "problem") + " in " + count(broken, "file")));
        return broken == 0 ? VALID : INVALID;
    }

    /** The hub's own defaults; whatever a deployment adds on top is unknown here, and not held against a file. */
    private static Properties hubDefaults() {
        YamlPropertiesFactoryBean defaults = new YamlPropertiesFactoryBean();
        defaults.setResources(new ClassPathResource("application.yaml"));
        return defaults.getObject();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static int usage(PrintStream err, String error) {
        err.println("validate: " + error);
        err.println("usage: java -jar hub.jar validate [-v] <file-or-directory>...");
        return USAGE;
    }

    private static List<Path> yamlFilesUnder(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path ->
                            path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .sorted()
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
