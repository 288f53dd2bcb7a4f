package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which new requests are shed at once by their method and path alone, and the answer they get. */
class OverloadDoorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicBoolean nodeSaturated = new AtomicBoolean();
    private final AtomicBoolean paidWorkTurnsAway = new AtomicBoolean();
    private final OverloadDoor door = new OverloadDoor(nodeSaturated::get, paidWorkTurnsAway::get, mapper);

    @Test
    void whileNothingIsSaturated_nothingIsShed() {
        assertThat(door.shedsAtOnce("POST", "/v1/chat/completions")).isFalse();
        assertThat(door.shedsAtOnce("GET", "/v1/models")).isFalse();
    }

    @Test
    void whilePaidWorkTurnsNewcomersAway_onlyPaidRoutesAreShed() {
        paidWorkTurnsAway.set(true);

        assertThat(door.shedsAtOnce("POST", "/v1/chat/completions")).isTrue();
        assertThat(door.shedsAtOnce("POST", "/chat/completions")).isTrue();
        assertThat(door.shedsAtOnce("POST", "/v1/balance/topup")).isFalse();
        assertThat(door.shedsAtOnce("POST", "/v1/wallet/topup")).isFalse();
        assertThat(door.shedsAtOnce("GET", "/v1/models")).isFalse();
    }

    @Test
    void whileTheNodeIsSaturated_everyRequestButTheProbesIsShed() {
        nodeSaturated.set(true);

        assertThat(door.shedsAtOnce("GET", "/v1/models")).isTrue();
        assertThat(door.shedsAtOnce("POST", "/v1/balance/topup")).isTrue();
        assertThat(door.shedsAtOnce("GET", "/livez")).isFalse();
        assertThat(door.shedsAtOnce("GET", "/readyz")).isFalse();
    }

    @Test
    void theAnswerIsWhatJacksonWritesForTheNodesError_withTheRequestsId() throws Exception {
        String id = UUID.randomUUID().toString();

        assertThat(new String(door.answer(id), StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(
                        ApiError.of("The node is at capacity; retry after 1 s", "api_error", "node_overloaded", id)));
    }

    @Test
    void anIdJsonMustEscape_isStillWrittenAsValidJson() throws Exception {
        String id = "a\"b\\c\u00e9";

        assertThat(mapper.readTree(door.answer(id)).at("/request_id").asText()).isEqualTo(id);
    }
}
