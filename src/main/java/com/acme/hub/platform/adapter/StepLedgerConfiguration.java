package com.acme.hub.platform.adapter;

import com.acme.hub.platform.HubProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The step ledger every adapter step goes through, with its two background jobs: renewing this replica's leases and
 * purging done steps past the retention. The purge may run on several replicas at once: each deletes a batch of
 * rows, and a row another replica deleted first is simply not there.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StepLedgerConfiguration implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(StepLedgerConfiguration.class);

    private final HubProperties.Steps settings;
    private final StepLedger ledger;
    private final Counter renewed;
    private final Counter purged;

    StepLedgerConfiguration(HubProperties properties, JdbcClient jdbc, MeterRegistry meters) {
        this.settings = properties.steps();
        this.ledger = new StepLedger(jdbc, owner(), settings.lease());
        this.renewed = Counter.builder("hub.step.ledger.renewed")
                .description("Leases of steps in progress renewed by this replica")
                .register(meters);
        this.purged = Counter.builder("hub.step.ledger.purged")
                .description("Done steps deleted after the retention")
                .register(meters);
    }

    @Bean
    StepLedger stepLedger() {
        return ledger;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::renew, settings.renewEvery());
        registrar.addFixedDelayTask(this::purge, settings.purgeEvery());
    }

    private void renew() {
        try {
            renewed.increment(ledger.renew());
        } catch (RuntimeException e) {
            // The next round tries again; a lease lost meanwhile only lets another replica take the step over.
            LOG.warn("Could not renew the leases of steps in progress: {}", e.getMessage());
        }
    }

    private void purge() {
        try {
            purged.increment(ledger.purge(settings.retention(), settings.purgeBatch()));
        } catch (RuntimeException e) {
            LOG.warn("Could not purge done steps: {}", e.getMessage());
        }
    }

    /** Who holds a lease, as an operator reads it in the table: host, process, and what tells two starts apart. */
    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
