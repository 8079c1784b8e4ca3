package com.acme.hub.platform.kafka;

/**
 * Where the hub's Kafka clients connect: the external cluster when {@code hub.kafka.bootstrap-servers} is set,
 * otherwise the in-process broker, which this object owns and stops last.
 */
public final class KafkaBootstrap implements AutoCloseable {

    private final String servers;
    private final EmbeddedKafkaBroker broker;

    KafkaBootstrap(String servers, EmbeddedKafkaBroker broker) {
        this.servers = servers;
        this.broker = broker;
    }

    public String servers() {
        return servers;
    }

    public boolean embedded() {
        return broker != null;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
