package com.acme.hub.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * The hub's JSON log line, through Spring Boot's structured logging: timestamp, level, service, message,
 * request_id, trace_id and span_id (Camel's tracer puts them in the log context), context (logger, thread) and
 * metadata (the rest of the log context). Failures are logged by their message only: no stack traces or class names
 * leave the process through logs. Personal data in the message and the metadata is masked ({@link PiiMasker}).
 */
public class HubJsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String TRACE_ID = "trace_id";
    private static final String SPAN_ID = "span_id";

    private final JsonWriter<ILoggingEvent> writer;

    public HubJsonLogFormatter(Environment environment) {
        String service = environment.getProperty("spring.application.name", "integration-hub");
        this.writer = JsonWriter.<ILoggingEvent>of(members -> {
                    members.add("timestamp", event -> TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
                    members.add("level", event -> event.getLevel().toString());
                    members.add("service", service);
                    members.add("message", event -> PiiMasker.mask(event.getFormattedMessage()));
                    members.add("request_id", event -> event.getMDCPropertyMap().get(Correlation.MDC_KEY))
                            .whenNotNull();
                    members.add("trace_id", event -> event.getMDCPropertyMap().get(TRACE_ID))
                            .whenNotNull();
                    members.add("span_id", event -> event.getMDCPropertyMap().get(SPAN_ID))
                            .whenNotNull();
                    members.add("context", HubJsonLogFormatter::context);
                    members.add("metadata", HubJsonLogFormatter::metadata).whenNotEmpty();
                })
                .withNewLineAtEnd();
    }

    @Override
    public String format(ILoggingEvent event) {
        return writer.writeToString(event);
    }

    private static Map<String, String> context(ILoggingEvent event) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("logger", event.getLoggerName());
        context.put("thread", event.getThreadName());
        return context;
    }

    private static Map<String, String> metadata(ILoggingEvent event) {
        Map<String, String> metadata = new LinkedHashMap<>();
        event.getMDCPropertyMap().forEach((key, value) -> metadata.put(key, PiiMasker.mask(value)));
        metadata.remove(Correlation.MDC_KEY);
        metadata.remove(TRACE_ID);
        metadata.remove(SPAN_ID);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null && error.getMessage() != null) {
            metadata.put("error", PiiMasker.mask(error.getMessage()));
        }
        return metadata;
    }
}
