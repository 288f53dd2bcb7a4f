package io.routstr.gateway.cashu.mint;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cashu-ts test mint keeps an idle keep-alive connection as long as a Node server does by default (5 s), longer
 * than a lane keeps one ({@link MintConnections#MAX_IDLE}). It used to close them after 1 s: a call on a lane idle
 * between 1 and 2 s then went out on a connection the mint had closed or was closing, and under load (the client
 * slow to see the close) a swap or a change payout broke with an unknown outcome, left to recovery.
 */
class TestMintKeepAliveTest {

    @Test
    void aConnectionIdleAsLongAsALaneMayKeepIt_isStillServed() throws Exception {
        try (CashuTsMint mint = CashuTsMint.start(0);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), mint.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();

            assertThat(exchange(in, out)).startsWith("HTTP/1.1 200");
            Thread.sleep(MintConnections.MAX_IDLE.plusMillis(500));

            assertThat(exchange(in, out))
                    .as("the same connection, after the idle time")
                    .startsWith("HTTP/1.1 200");
        }
    }

    /** One GET of the mint's info; the response head, or what little came before the connection ended. */
    private static String exchange(InputStream in, OutputStream out) throws IOException {
        out.write("GET /v1/info HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/json\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (matched == 4) {
            in.readNBytes(contentLength(text));
        }
        return text.isEmpty() ? "<connection closed by the mint>" : text;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }
}
