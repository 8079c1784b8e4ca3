package com.acme.hub.platform.flow;

import java.util.function.Predicate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/** The beans the {@code pausable} step of the {@code hub-inbound-source} Kamelet names. */
@Configuration(proxyBeanMethods = false)
class FlowPauseConfiguration {

    /** One listener per Kafka consumer: Camel looks the bean up once per route, and a listener holds its consumer. */
    @Bean(KafkaFlowPause.BEAN)
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    KafkaFlowPause hubKafkaFlowPause() {
        return new KafkaFlowPause();
    }

    /**
     * The EIP requires a route-wide resume check; {@link KafkaFlowPause} resumes on the condition of the step that
     * paused it instead, so this one never holds a consumer back.
     */
    @Bean(KafkaFlowPause.BEAN + "Check")
    Predicate<Object> hubKafkaFlowPauseCheck() {
        return ignored -> true;
    }
}
