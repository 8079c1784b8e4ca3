package com.acme.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts JVMs as separate OS processes from the packaged hub jar, sized for a 2-core CI machine where several run at
 * once: one processor each (so the JIT, GC and pools size themselves small), C1 only (start-up matters more than peak
 * speed here) and a small heap.
 */
public final class JavaProcess {

    public static final List<String> SMALL_JVM = List.of(
            "-Xmx384m", "-Xss512k", "-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JavaProcess() {}

    /** {@code java -jar jar args}, output appended to {@code log}. */
    public static Process jar(Path jar, List<String> jvmOptions, List<String> args, Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(args);
        return launch(command, workDir, log);
    }

    /**
     * Another main class from the jar's libraries, through Spring Boot's PropertiesLauncher ({@code loader.main}): the
     * jar's BOOT-INF/lib holds kafka_2.13 and everything it needs, so the test needs no classpath of its own.
     */
    public static Process main(
            Path jar, String mainClass, List<String> jvmOptions, List<String> args, Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-Dloader.main=" + mainClass);
        command.add("-cp");
        command.add(jar.toAbsolutePath().toString());
        command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        command.addAll(args);
        return launch(command, workDir, log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the brokers, as when a machine dies. */
    public static void kill(Process process) {
        process.destroyForcibly();
        awaitExit(process, 30);
    }

    /** SIGTERM: the graceful shutdown an orchestrator asks for; killed if it takes longer than the timeout. */
    public static void stop(Process process, int timeoutSeconds) {
        process.destroy();
        if (!awaitExit(process, timeoutSeconds)) {
            kill(process);
        }
    }

    private static boolean awaitExit(Process process, int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Process launch(List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
