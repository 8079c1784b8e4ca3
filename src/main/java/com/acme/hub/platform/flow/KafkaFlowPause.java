package com.acme.hub.platform.flow;

import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a flow that reads Kafka wait for an integration without holding its consumer: the event fails back to the
 * consumer, which is paused at that event's offset, keeps polling (so it stays in its group: no rebalance, however long
 * the wait), and resumes from the same event once the condition holds (the circuit half-opened). Steps the event had
 * already done are skipped by the step ledger when it runs again.
 *
 * <p>Built on Camel's pausable consumer EIP ({@code pausable} in the {@code hub-inbound-source} Kamelet), whose Kafka
 * listener runs on the consumer's own thread after each poll and each record. Camel's own listener pauses on every
 * failure and resumes on a route-wide predicate; this one pauses only for a wait a step asked for, seeks back to the
 * record exactly, and also sets the consumer's pause state, without which {@code breakOnFirstError} would reconnect
 * (leave and rejoin the group). One instance per consumer (a prototype bean).
 */
public class KafkaFlowPause extends KafkaConsumerListener {

    /** The bean the Kamelet names; prototype scope gives each flow's consumer a listener of its own. */
    public static final String BEAN = "hubKafkaFlowPause";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFlowPause.class);

    /** The listener of the consumer whose thread this is; set after each poll, before its records are processed. */
    private static final ThreadLocal<KafkaFlowPause> ON_THIS_THREAD = new ThreadLocal<>();

    private volatile BooleanSupplier resumeWhen;
    private volatile KafkaConsumer camelConsumer;

    /**
     * Asks the Kafka consumer running this exchange to pause once the exchange has failed, until {@code resumeWhen}.
     * The consumer is found by its thread: a flow runs each record synchronously on its consumer's thread (the
     * exchange itself does not tell, as the sink Kamelets' routes take it over as theirs).
     *
     * @return false when the exchange does not run on a pausable Kafka flow's consumer: the caller waits in place
     */
    public static boolean pauseSource(Exchange exchange, BooleanSupplier resumeWhen) {
        KafkaFlowPause pause = ON_THIS_THREAD.get();
        if (pause == null) {
            return false;
        }
        KafkaConsumer consumer = exchange.getContext().getRoutes().stream()
                .map(Route::getConsumer)
                .filter(KafkaConsumer.class::isInstance)
                .map(KafkaConsumer.class::cast)
                .filter(candidate -> candidate.getConsumerListener() == pause)
                .findFirst()
                .orElse(null);
        if (consumer == null) {
            return false;
        }
        pause.camelConsumer = consumer;
        pause.resumeWhen = resumeWhen;
        // Pause state before the failure reaches the consumer: with it, breakOnFirstError does not reconnect.
        consumer.suspend();
        return true;
    }

    @Override
    public boolean afterProcess(ProcessingResult result) {
        if (!result.isFailed() || resumeWhen == null) {
            return true;
        }
        getConsumer().pause(getConsumer().assignment());
        if (result.getTopic() != null) {
            getConsumer().seek(new TopicPartition(result.getTopic(), result.getPartition()), result.getOffset());
        }
        LOG.info(
                "Paused consuming {} partition {} at offset {}: a step waits for an integration",
                result.getTopic(),
                result.getPartition(),
                result.getOffset());
        return false;
    }

    @Override
    public boolean afterConsume(Object ignored) {
        ON_THIS_THREAD.set(this);
        BooleanSupplier condition = resumeWhen;
        if (condition == null) {
            return true;
        }
        if (!condition.getAsBoolean()) {
            return false;
        }
        resumeWhen = null;
        LOG.info("Resuming the paused consumer: the integration it waited for takes calls again");
        // The consumer's resume request seeks to the committed offsets and resumes after this poll.
        camelConsumer.resume();
        return true;
    }
}
