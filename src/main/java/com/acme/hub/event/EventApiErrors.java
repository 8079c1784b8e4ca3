package com.acme.hub.event;

import com.acme.hub.observability.Correlation;
import com.acme.hub.platform.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The error format for the events and jobs API's own refusals and for request bodies it cannot use. */
@RestControllerAdvice(basePackageClasses = EventApiErrors.class)
class EventApiErrors {

    @ExceptionHandler(EventApiException.class)
    ResponseEntity<ApiError> refused(EventApiException e, HttpServletRequest request) {
        return answer(e.status(), e.code(), e.getMessage(), e.details(), request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        FieldError field = e.getBindingResult().getFieldError();
        Map<String, Object> details = field == null
                ? Map.of()
                : Map.of("field", field.getField(), "reason", String.valueOf(field.getDefaultMessage()));
        return answer(400, "INVALID_REQUEST", "The request body is not valid", details, request);
    }

    /** The body is not JSON, or a value has the wrong type (a time that is not ISO-8601): the parser's text stays here. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return answer(
                400,
                "MALFORMED_PAYLOAD",
                "The request body could not be read",
                Map.of("reason", "not JSON of the documented shape (times are ISO-8601, e.g. 2026-01-01T00:00:00Z)"),
                request);
    }

    private static ResponseEntity<ApiError> answer(
            int status, String code, String message, Map<String, Object> details, HttpServletRequest request) {
        return ResponseEntity.status(status).body(ApiError.of(code, message, details, Correlation.of(request)));
    }
}
