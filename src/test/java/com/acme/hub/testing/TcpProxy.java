package com.acme.hub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder that a test can cut and restore, to take a real broker "down" for the hub without
 * stopping the machine's broker. Plain sockets: no library offers this in-process without a container.
 *
 * <p>The listening socket is bound once, on a port the system picks, and kept until {@link #close()}: a cut proxy
 * accepts and drops every connection rather than letting the port go, so nothing else can take the port while the
 * broker is "down" and the restore cannot fail on a port in use.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean forwarding = true;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Forwards new connections again. */
    public void open() {
        forwarding = true;
    }

    /** Breaks the open connections and drops new ones at once, as a broker that went away would. */
    public synchronized void cut() {
        forwarding = false;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            forward(client);
        }
    }

    /** Under the lock of {@link #cut()}, so a connection accepted while the proxy is cut is never kept. */
    private synchronized void forward(Socket client) {
        if (!forwarding) {
            closeQuietly(client);
            return;
        }
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(client);
            sockets.add(upstream);
            pipe(client, upstream);
            pipe(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // the proxy was cut or a side closed: both sockets go
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
