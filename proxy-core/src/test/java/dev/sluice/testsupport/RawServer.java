package dev.sluice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server of no particular protocol on 127.0.0.1 for one connection: it says its greeting
 * first (if any), then echoes every byte until the client half-closes, then closes.
 */
public final class RawServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());

    private RawServer(byte[] greeting) throws IOException {
        Thread t = new Thread(() -> {
            try (Socket s = socket.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                out.write(greeting);
                out.flush();
                in.transferTo(out);
            } catch (IOException e) {
                // closed
            }
        }, "raw-test-server");
        t.setDaemon(true);
        t.start();
    }

    public static RawServer echo() throws IOException {
        return new RawServer(new byte[0]);
    }

    /** A server-first protocol: the greeting comes before anything the client says. */
    public static RawServer greeting(String text) throws IOException {
        return new RawServer(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code 127.0.0.1:<port>}: a CONNECT target. */
    public String target() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
