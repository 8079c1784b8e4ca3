package com.acme.hub.replicas;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/soak.sh: orders at a steady rate for a while, one table row a minute, to show what must stay flat: heap after
 * GC, step-ledger rows updated a minute (only keys in progress should be renewed, not every step ever done) and
 * database operations per completed order.
 *
 * <p>Arguments: {@code minutes} (default 10), {@code rate} (orders a second; default 5), {@code replicas} (default 2).
 * The database figures are PostgreSQL's statistics (pg_stat_user_tables) over the hub's tables, the sandbox's
 * excluded.
 */
public final class SoakBench {

    private static final String ROW = "%6s %10s %10s %22s %22s %16s%n";
    /** Today's Camel repository table and the step ledger's, whichever this hub has. */
    private static final String LEDGER_TABLES = "('camel_messageprocessed', 'step_ledger')";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SoakBench() {}

    public static void main(String[] args) throws InterruptedException {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<HubProcess> replicas = ReplicaTestSupport.startReplicas(count, ReplicaTestSupport.UNTHROTTLED);
        ReplicaEnvironment env = ReplicaTestSupport.env;
        System.out.printf(
                ROW, "minute", "acked", "completed", "heap after GC MB", "ledger rows updated", "DB ops/order");
        try (Load load = Load.start(replicas, rate)) {
            long updates = ledgerUpdates(env);
            long operations = databaseOperations(env);
            long completed = env.ledger("sales").count("order.status");
            for (int minute = 1; minute <= minutes; minute++) {
                // A bench paces itself by the wall clock; the tests' rule against sleeping is about waiting for
                // outcomes, which this is not.
                TimeUnit.MINUTES.sleep(1);
                long nowUpdates = ledgerUpdates(env);
                long nowOperations = databaseOperations(env);
                long nowCompleted = env.ledger("sales").count("order.status");
                long done = nowCompleted - completed;
                System.out.printf(
                        ROW,
                        minute,
                        load.acknowledgedCount(),
                        nowCompleted,
                        heapsAfterGc(replicas),
                        nowUpdates - updates,
                        done == 0 ? "-" : String.format("%.1f", (nowOperations - operations) / (double) done));
                updates = nowUpdates;
                operations = nowOperations;
                completed = nowCompleted;
            }
            load.stop();
        } finally {
            env.stopReplicas(replicas);
        }
        System.exit(0);
    }

    private static long ledgerUpdates(ReplicaEnvironment env) {
        return env.count(
                "SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables WHERE relname IN " + LEDGER_TABLES);
    }

    private static long databaseOperations(ReplicaEnvironment env) {
        return env.count("SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0) + n_tup_ins + n_tup_upd + n_tup_del), 0)"
                + " FROM pg_stat_user_tables WHERE relname NOT LIKE 'sandbox%'");
    }

    /**
     * Heap in use right after a full collection, per replica: jcmd GC.run, then Micrometer's jvm_memory_used_bytes
     * over the heap pools. What is left then is what the hub holds on to.
     */
    private static String heapsAfterGc(List<HubProcess> replicas) {
        List<String> heaps = new java.util.ArrayList<>();
        for (HubProcess replica : replicas) {
            try {
                Process gc = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                        .toString(),
                                String.valueOf(replica.pid()),
                                "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                gc.waitFor(60, TimeUnit.SECONDS);
                String scrape = HTTP.send(
                                HttpRequest.newBuilder(replica.uri("/actuator/prometheus"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher pool = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$")
                        .matcher(scrape);
                double used = 0;
                while (pool.find()) {
                    used += Double.parseDouble(pool.group(1));
                }
                heaps.add(String.format("%.0f", used / 1048576));
            } catch (Exception e) {
                heaps.add("?");
            }
        }
        return String.join(" / ", heaps);
    }
}
