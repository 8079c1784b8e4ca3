package com.acme.hub.webhook;

/** Header reading shared by the schemes. */
final class Headers {

    private Headers() {}

    /** The trimmed value, or null when the header is absent or blank: an empty header proves nothing. */
    static String value(WebhookRequest request, String name) {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }
}
