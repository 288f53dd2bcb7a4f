package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.persistence.PersistenceTestApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request body must arrive within {@code REQUEST_BODY_TIMEOUT_SECONDS} (here 1 s), over a raw socket so that the
 * body can be sent as slowly as a hostile client would: trickled a byte at a time, or stalled.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"CASHU_MINTS=http://mint.invalid", "REQUEST_BODY_TIMEOUT_SECONDS=1"})
class RequestBodyTimeoutEndToEndTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PersistenceTestApplication.registerDatabase(registry);
    }

    @LocalServerPort
    int port;

    private static final String HEAD = "POST /v1/balance/create HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n";

    @Test
    void aBodyTrickledPastTheTimeoutIsAnswered408() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // the node closed the connection: the trickle ends
                }
            });

            String answer = answer(socket.getInputStream());

            trickle.interrupt();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_body_timeout\"");
        }
    }

    @Test
    void aBodyThatStallsIsAnswered408() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + "{\"cashu_token\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = answer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_body_timeout\"");
        }
    }

    @Test
    void aPaidRequestWhoseBodyStallsIsAnswered408_beforeItsTokenIsRedeemed() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nX-Cashu: cashuBnot-a-token\r\n"
                            + "Content-Length: 200\r\n\r\n{\"model\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = answer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_body_timeout\"");
        }
    }

    /**
     * The node's answer: read until the whole response has arrived (its Content-Length or its last chunk), the node
     * closed the connection, or 10 s of silence. Not waiting for the close: while a client still trickles its body in,
     * the node may keep reading (and discarding) it after it answered.
     */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; !complete(received.toString(StandardCharsets.UTF_8)) && (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException silent) {
            // nothing more within the socket timeout
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = response.substring(0, headEnd).toLowerCase(Locale.ROOT);
        String body = response.substring(headEnd + 4);
        Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        if (length.find()) {
            return body.getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length.group(1));
        }
        return head.contains("\r\ntransfer-encoding: chunked") && body.endsWith("0\r\n\r\n");
    }
}
