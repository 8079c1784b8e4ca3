package com.acme.hub.event;

import com.acme.hub.platform.HubProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs jobs on this replica: the ones submitted here, and those whose replica stopped renewing its lease (it died or
 * shut down), which it takes over with a compare-and-set on the row and resumes from their last checkpoint. Every
 * poll also renews the leases of the jobs running here, so a job that waits long on one event (an open circuit) is
 * not taken away from a live replica.
 *
 * <p>A plain scheduled executor rather than {@code @Scheduled}: the intervals come from {@code hub.jobs.*}, and the
 * runner must stop before the Camel routes its jobs call into.
 */
@Component
class JobRunner implements SmartLifecycle, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final Map<String, JobHandler> handlers;
    private final Replica replica;
    private final HubProperties.Jobs settings;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, Execution> running = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService poller;
    private volatile boolean started;

    JobRunner(
            JobStore store,
            List<JobHandler> handlers,
            Replica replica,
            HubProperties properties,
            ObjectMapper mapper,
            Clock clock) {
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
        this.replica = replica;
        this.settings = properties.jobs();
        this.mapper = mapper;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), named("job"));
        this.poller = Executors.newSingleThreadScheduledExecutor(named("job-poller"));
    }

    /** Starts the job here if this replica has room and nobody holds it. */
    void tryStart(String id) {
        if (!started || running.size() >= settings.concurrency()) {
            return;
        }
        var now = clock.instant();
        if (!store.takeOver(id, replica.id(), now, now.plus(settings.lease()))) {
            return;
        }
        store.find(id).ifPresent(job -> {
            Execution execution = new Execution(job);
            running.put(id, execution);
            workers.execute(() -> run(execution));
        });
    }

    private void run(Execution execution) {
        Job job = execution.job;
        JobHandler handler = handlers.get(job.kind());
        try {
            if (handler == null) {
                store.finish(job.id(), replica.id(), Job.FAILED, "no handler for " + job.kind(), clock.instant());
                return;
            }
            LOG.info("Job {} ({}) running on {}", job.id(), job.kind(), replica.id());
            handler.run(execution);
            if (execution.active) {
                store.checkpoint(
                        job.id(),
                        replica.id(),
                        execution.progressJson,
                        execution.done,
                        execution.failed,
                        clock.instant().plus(settings.lease()));
                store.finish(job.id(), replica.id(), Job.DONE, null, clock.instant());
                LOG.info("Job {} done: {} done, {} failed", job.id(), execution.done, execution.failed);
            }
        } catch (Exception e) {
            if (execution.active) {
                LOG.warn("Job {} failed: {}", job.id(), e.getMessage());
                store.finish(job.id(), replica.id(), Job.FAILED, truncate(e.getMessage()), clock.instant());
            }
        } finally {
            running.remove(job.id());
        }
    }

    private void poll() {
        try {
            var now = clock.instant();
            for (Execution execution : running.values()) {
                if (!store.renew(execution.job.id(), replica.id(), now.plus(settings.lease()))) {
                    // Cancelled, or another replica took it over while this one was not renewing.
                    execution.active = false;
                }
            }
            int room = settings.concurrency() - running.size();
            if (room > 0) {
                store.orphaned(now, room).forEach(this::tryStart);
            }
        } catch (RuntimeException e) {
            LOG.warn("Job poll failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        started = true;
        long every = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops running jobs without finishing them: their leases run out and another replica resumes them. */
    @Override
    public void stop() {
        started = false;
        poller.shutdownNow();
        running.values().forEach(execution -> execution.active = false);
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Stops before Camel (default phase) stops the routes that jobs hand events to. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 10;
    }

    @Override
    public void destroy() {
        stop();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        var count = new java.util.concurrent.atomic.AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private final class Execution implements JobExecution {

        final Job job;
        volatile boolean active = true;
        volatile long done;
        volatile long failed;
        volatile String progressJson;

        Execution(Job job) {
            this.job = job;
            this.done = job.done();
            this.failed = job.failed();
            this.progressJson = job.progress();
        }

        @Override
        public String id() {
            return job.id();
        }

        @Override
        public String actor() {
            return job.createdBy();
        }

        @Override
        public <T> T request(Class<T> type) {
            try {
                return mapper.readValue(job.request(), type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable job request", e);
            }
        }

        @Override
        public JsonNode progress() {
            try {
                return job.progress() == null ? null : mapper.readTree(job.progress());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable job progress", e);
            }
        }

        @Override
        public long done() {
            return done;
        }

        @Override
        public long failed() {
            return failed;
        }

        @Override
        public void total(long total) {
            store.total(job.id(), replica.id(), total);
        }

        @Override
        public boolean checkpoint(Object progress, long done, long failed) {
            if (!active) {
                return false;
            }
            try {
                String json = progress == null ? null : mapper.writeValueAsString(progress);
                if (!store.checkpoint(
                        job.id(),
                        replica.id(),
                        json,
                        done,
                        failed,
                        clock.instant().plus(settings.lease()))) {
                    active = false;
                    return false;
                }
                this.progressJson = json;
                this.done = done;
                this.failed = failed;
                return true;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unwritable job progress", e);
            }
        }

        @Override
        public boolean active() {
            return active;
        }
    }
}
