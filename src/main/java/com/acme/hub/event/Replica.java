package com.acme.hub.event;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** This hub instance's name in leases: the host and a suffix of its own, so two hubs on one host differ. */
@Component
class Replica {

    private final String id;

    Replica() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        this.id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String id() {
        return id;
    }
}
