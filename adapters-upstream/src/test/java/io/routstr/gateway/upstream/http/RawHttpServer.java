package io.routstr.gateway.upstream.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 upstream over plain sockets, for tests that must cut a stream, stall it, or see the node close its
 * connection: each request is answered by the current {@link Script}, byte by byte as the script writes it. Keeps a
 * connection open for the next request (keep-alive) until the script or the client closes it.
 */
final class RawHttpServer implements AutoCloseable {

    /** Answers one request on its connection; returning leaves the connection open for the next request. */
    interface Script {
        void answer(Exchange exchange) throws IOException, InterruptedException;
    }

    /** A request as received: its request line, headers (names without case) and body bytes. */
    record Received(String requestLine, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    /** One request and the connection it came on. */
    final class Exchange {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final Received request;

        private Exchange(Socket socket, InputStream in, OutputStream out, Received request) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.request = request;
        }

        Received request() {
            return request;
        }

        /** The status line and headers of a chunked answer of type {@code contentType}. */
        void chunkedHead(int status, String contentType, String... extraHeaders) throws IOException {
            StringBuilder head = new StringBuilder(
                    "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n");
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            write(head.append("\r\n").toString());
        }

        /** A whole answer with a Content-Length. */
        void whole(int status, String contentType, String body, String... extraHeaders) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + bytes.length + "\r\n");
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            write(head.append("\r\n").toString());
            out.write(bytes);
            out.flush();
        }

        /** One chunk of a chunked body. */
        void chunk(String data) throws IOException {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            write(Integer.toHexString(bytes.length) + "\r\n");
            out.write(bytes);
            write("\r\n");
        }

        /** The last chunk: the body ends properly. */
        void endChunks() throws IOException {
            write("0\r\n\r\n");
        }

        /** Closes the connection without ending the answer, as an upstream that crashed or gave up does. */
        void dropConnection() throws IOException {
            socket.close();
        }

        /**
         * Waits up to {@code wait} for the client to close the connection; true when it did. Also a pause between
         * chunks that notices a client that left.
         */
        boolean clientClosedWithin(Duration wait) throws IOException {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            } finally {
                socket.setSoTimeout(0);
            }
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private final ServerSocket server;
    private final AtomicReference<Script> script = new AtomicReference<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private final CountDownLatch clientClosed = new CountDownLatch(1);

    private RawHttpServer(ServerSocket server) {
        this.server = server;
    }

    static RawHttpServer start() {
        try {
            RawHttpServer raw = new RawHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().name("raw-http-accept").start(raw::accept);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request from now on with {@code next}. */
    RawHttpServer answer(Script next) {
        script.set(next);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Records that a script saw the client close its connection, for {@link #awaitClientClosed}. */
    void clientClosed() {
        clientClosed.countDown();
    }

    /** Whether a script recorded the client closing its connection within {@code wait}. */
    boolean awaitClientClosed(Duration wait) throws InterruptedException {
        return clientClosed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("raw-http-conn").start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                Received request = read(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                script.get().answer(new Exchange(socket, in, out, request));
            }
        } catch (IOException | InterruptedException gone) {
            // the connection ended: nothing more to serve
        }
    }

    /** The next request on the connection, null when the client closed it first. */
    private static Received read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), n -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        List<String> length = headers.get("content-length");
        int size = length == null ? 0 : Integer.parseInt(length.getFirst().toLowerCase(Locale.ROOT));
        return new Received(lines[0], headers, in.readNBytes(size));
    }
}
