package com.acme.hub.webhook;

import com.acme.hub.platform.web.ApiErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a webhook body at most once and at most up to the limit: a declared length over the limit is refused
 * before reading anything, an undeclared one as soon as the limit is passed. The bytes are kept exactly as
 * received, for the signature check and for Kafka.
 */
class WebhookBodyFilter extends OncePerRequestFilter {

    static final String RAW_BODY = WebhookBodyFilter.class.getName() + ".body";

    private final long maxBytes;
    private final ApiErrorWriter errors;
    private final WebhookMetrics metrics;

    WebhookBodyFilter(long maxBytes, ApiErrorWriter errors, WebhookMetrics metrics) {
        this.maxBytes = maxBytes;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        byte[] body = declared > maxBytes ? null : readAtMost(request.getInputStream(), maxBytes);
        if (body == null) {
            metrics.count(sourceOf(request), "too_large");
            errors.write(
                    request,
                    response,
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "The body is larger than this endpoint accepts",
                    Map.of("field", "body", "reason", "limit is " + maxBytes + " bytes"));
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /** @return the bytes, or null as soon as there are more than {@code limit} */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return bytes.length > limit ? null : bytes;
    }

    private String sourceOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        return metrics.knownSourceOrUnknown(path.substring(path.lastIndexOf('/') + 1));
    }

    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public BufferedReader getReader() {
            Charset charset =
                    getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }
    }
}
