package com.acme.hub.platform.web;

import com.acme.hub.observability.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Puts Spring Boot's fallback error answers (no route for a path, a method not allowed, an unexpected failure) in
 * the hub's error format. The message is the status' reason: exception text never reaches the caller.
 */
@Component
class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
        Integer status =
                (Integer) webRequest.getAttribute("jakarta.servlet.error.status_code", RequestAttributes.SCOPE_REQUEST);
        int code = status == null ? 500 : status;
        HttpStatus httpStatus = HttpStatus.resolve(code);
        String message = httpStatus == null ? "Error" : httpStatus.getReasonPhrase();
        Object path = webRequest.getAttribute("jakarta.servlet.error.request_uri", RequestAttributes.SCOPE_REQUEST);
        String requestId = null;
        Object native_ = webRequest.resolveReference(RequestAttributes.REFERENCE_REQUEST);
        if (native_ instanceof HttpServletRequest request) {
            requestId = Correlation.of(request);
        }
        ApiError error =
                ApiError.of(ApiError.codeFor(code), message, path == null ? Map.of() : Map.of("path", path), requestId);
        return Map.of("error", error.error());
    }
}
