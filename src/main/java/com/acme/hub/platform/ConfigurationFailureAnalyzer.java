package com.acme.hub.platform;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;

/**
 * Turns a bad {@code hub.*} setting into one line that names the key and what is wrong with it, instead of
 * Spring's multi-paragraph report or a stack trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private static final String ACTION = "Fix the setting in application.yaml, the profile file or the environment.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (!cause.getName().toString().startsWith("hub")) {
            return null;
        }
        Throwable reason = cause.getCause();
        if (reason instanceof UnboundConfigurationPropertiesException unbound) {
            String keys = unbound.getUnboundProperties().stream()
                    .map(ConfigurationFailureAnalyzer::describe)
                    .collect(Collectors.joining(", "));
            return new FailureAnalysis("Invalid configuration: unknown setting " + keys, ACTION, cause);
        }
        if (reason instanceof BindValidationException validation) {
            String problems = validation.getValidationErrors().getAllErrors().stream()
                    .map(error -> error instanceof FieldError field
                            ? cause.getName() + "." + toKebab(field.getField()) + " " + field.getDefaultMessage()
                            : error.getDefaultMessage())
                    .collect(Collectors.joining("; "));
            return new FailureAnalysis("Invalid configuration: " + problems, ACTION, cause);
        }
        ConfigurationProperty property = cause.getProperty();
        String key = property == null
                ? cause.getName().toString()
                : property.getName().toString();
        String value = property == null ? "" : " = \"" + property.getValue() + "\"";
        return new FailureAnalysis(
                "Invalid configuration: " + key + value + " cannot be read as " + expected(cause), ACTION, cause);
    }

    private static String describe(ConfigurationProperty property) {
        return property.getName() + (property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")");
    }

    private static String expected(BindException cause) {
        return cause.getTarget().getType().resolve(Object.class).getSimpleName();
    }

    private static String toKebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
