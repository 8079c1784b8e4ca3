package com.acme.hub.platform.routes;

/** What is wrong in a route file, and where: printed as {@code file:line: message} like a compiler would. */
record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
