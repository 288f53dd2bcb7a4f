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

    /** What the node sent until it closed the connection (it answers with Connection: close), or until 10 s of silence. */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException silent) {
            // nothing more within the socket timeout
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
