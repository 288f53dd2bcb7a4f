package io.routstr.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseParser.RawEvent> parseInPieces(String stream, int pieceSize) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<SseParser.RawEvent> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += pieceSize) {
            events.addAll(parser.feed(bytes, i, Math.min(pieceSize, bytes.length - i)));
        }
        events.addAll(parser.finish());
        return events;
    }

    @Test
    void eventsSplitAnywhereAcrossReads_crlfCommentsAndMultiLineData_parseTheSameAsWhole() {
        String stream = ": keep-alive\r\n\r\n"
                + "event: message_start\r\ndata: {\"a\":\"é€\"}\r\n\r\n"
                + "data:first\ndata: second\n\n"
                + "id: 7\nretry: 100\ndata: [DONE]\n\n";
        List<SseParser.RawEvent> expected = List.of(
                new SseParser.RawEvent(Optional.of("message_start"), "{\"a\":\"é€\"}"),
                new SseParser.RawEvent(Optional.empty(), "first\nsecond"),
                new SseParser.RawEvent(Optional.empty(), "[DONE]", Optional.of("7"), Optional.of(100L), true));

        for (int piece = 1; piece <= stream.length(); piece++) {
            assertThat(parseInPieces(stream, piece))
                    .as("pieces of %d bytes", piece)
                    .isEqualTo(expected);
        }
    }

    @Test
    void loneCarriageReturnsEndLines() {
        assertThat(parseInPieces("data: x\r\rdata: y\r\r", 3))
                .extracting(SseParser.RawEvent::data)
                .containsExactly("x", "y");
    }

    @Test
    void aFinalEventWithoutItsBlankLineIsStillDelivered_butAnEventWithoutDataIsNot() {
        assertThat(parseInPieces("event: ping\n\ndata: last", 4))
                .extracting(SseParser.RawEvent::data)
                .containsExactly("last");
    }

    @Test
    void idAndRetryAreKept_aBlockWithOnlyThemIsAnEventWithoutData_andAMalformedRetryIsIgnored() {
        assertThat(parseInPieces("retry: 3000\n\nid: a-1\ndata: x\n\nretry: 1.5\nid: b\u0000\ndata: y\n\n", 5))
                .containsExactly(
                        new SseParser.RawEvent(Optional.empty(), "", Optional.empty(), Optional.of(3000L), false),
                        new SseParser.RawEvent(Optional.empty(), "x", Optional.of("a-1"), Optional.empty(), true),
                        new SseParser.RawEvent(Optional.empty(), "y"));
    }
}
