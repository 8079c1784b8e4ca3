package com.acme.hub.sandbox;

import com.acme.hub.adapter.erp.ErpTopology;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * The ERP, on RabbitMQ: books the orders it is commanded to and answers {@code order.booked} on its events queue
 * ({@code erp.events});
 * files signed contracts ({@code contract.signed}) against their orders.
 * A command whose Idempotency-Key was booked before books nothing but is answered again with the first answer, as a
 * real ERP answers a retry. Acknowledges by hand, after the answer is published: a crash in between means a
 * redelivery, which the key turns into a re-sent answer, never a second booking.
 */
class ErpSimulator implements ChannelAwareMessageListener {

    private static final String TRACEPARENT = "traceparent";

    static final String BOOK = ErpTopology.BOOK_ORDER;
    static final String BOOKED = "order.booked";
    static final String CONTRACT_SIGNED = ErpTopology.CONTRACT_SIGNED;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CORRELATION_ID = "correlation-id";

    private static final Logger LOG = LoggerFactory.getLogger(ErpSimulator.class);

    private final SandboxLedger ledger;
    private final SandboxFaults faults;
    private final RabbitTemplate rabbit;
    private final ObjectMapper mapper;
    private final String eventsQueue;

    ErpSimulator(
            SandboxLedger ledger,
            SandboxFaults faults,
            RabbitTemplate rabbit,
            ObjectMapper mapper,
            String eventsQueue) {
        this.ledger = ledger;
        this.faults = faults;
        this.rabbit = rabbit;
        this.mapper = mapper;
        this.eventsQueue = eventsQueue;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            ledger.countRequest(SandboxSystem.ERP);
            if (faults.strike(SandboxSystem.ERP).isPresent()) {
                // An ERP that is down: the command goes back to the queue and is tried again.
                channel.basicNack(tag, false, true);
                return;
            }
            MessageProperties in = message.getMessageProperties();
            String key = header(in, IDEMPOTENCY_KEY);
            String correlationId = header(in, CORRELATION_ID);
            if (correlationId == null) {
                correlationId = in.getCorrelationId();
            }
            JsonNode command = SandboxJson.parse(mapper, new String(message.getBody(), StandardCharsets.UTF_8));
            String type = SandboxJson.text(command, "type").orElse(null);
            String orderId = SandboxJson.text(command, "orderId").orElse(null);
            if (key == null || !(BOOK.equals(type) || CONTRACT_SIGNED.equals(type)) || orderId == null) {
                // Redelivering a command the ERP cannot read would loop forever: it goes to the dead-letter queue.
                LOG.warn(
                        "Sandbox ERP rejected a command (type {}, order {}, idempotency key {})",
                        type,
                        orderId,
                        key == null ? "missing" : "present");
                channel.basicReject(tag, false);
                return;
            }
            if (CONTRACT_SIGNED.equals(type)) {
                // The ERP files the signed contract against the order; it has nothing to answer.
                ledger.record(SandboxSystem.ERP, key, CONTRACT_SIGNED, orderId, command::toString);
                channel.basicAck(tag, false);
                return;
            }
            SandboxLedger.Recorded recorded =
                    ledger.record(SandboxSystem.ERP, key, BOOK, orderId, () -> booked(command, orderId));
            rabbit.send(
                    "", eventsQueue, answer(recorded.effect().result(), key, correlationId, header(in, TRACEPARENT)));
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            // Database or broker trouble: not the command's fault, so it is tried again.
            LOG.warn("Sandbox ERP could not process a command, requeued: {}", e.toString());
            channel.basicNack(tag, false, true);
        }
    }

    /** The booking as the ERP answers it: its own order number, and the customer and signer it keeps. */
    private String booked(JsonNode command, String orderId) {
        ObjectNode event = mapper.createObjectNode();
        event.put("type", BOOKED);
        event.put("orderId", orderId);
        SandboxJson.text(command, "customerId").ifPresent(customer -> event.put("customerId", customer));
        if (command.hasNonNull("signer")) {
            event.set("signer", command.get("signer"));
        }
        event.put(
                "erpOrderNumber",
                "ERP-"
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 10)
                                .toUpperCase(Locale.ROOT));
        event.put("bookedAt", Instant.now().toString());
        return event.toString();
    }

    /** The answer carries the command's trace context, as an ERP connector that propagates W3C trace context does. */
    private static Message answer(String body, String key, String correlationId, String traceparent) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setHeader(IDEMPOTENCY_KEY, key);
        if (correlationId != null) {
            properties.setHeader(CORRELATION_ID, correlationId);
            properties.setCorrelationId(correlationId);
        }
        if (traceparent != null) {
            properties.setHeader(TRACEPARENT, traceparent);
        }
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private static String header(MessageProperties properties, String name) {
        Object value = properties.getHeader(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
