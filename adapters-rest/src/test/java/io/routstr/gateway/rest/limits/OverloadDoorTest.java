package io.routstr.gateway.rest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.limits.OverloadDoor.Shed;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which new requests are shed at once by their method and path alone, and the answer they get. */
class OverloadDoorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicBoolean nodeSaturated = new AtomicBoolean();
    private final AtomicBoolean paidWorkTurnsAway = new AtomicBoolean();
    private final AtomicBoolean databaseOutOfReach = new AtomicBoolean();
    private final OverloadDoor door =
            new OverloadDoor(nodeSaturated::get, paidWorkTurnsAway::get, databaseOutOfReach::get, mapper);

    @Test
    void whileNothingIsSaturated_nothingIsShed() {
        assertThat(door.shedsAtOnce("POST", "/v1/chat/completions")).isEmpty();
        assertThat(door.shedsAtOnce("GET", "/v1/models")).isEmpty();
    }

    @Test
    void whilePaidWorkTurnsNewcomersAway_onlyPaidRoutesAreShed() {
        paidWorkTurnsAway.set(true);

        assertThat(door.shedsAtOnce("POST", "/v1/chat/completions")).contains(Shed.OVERLOADED);
        assertThat(door.shedsAtOnce("POST", "/chat/completions")).contains(Shed.OVERLOADED);
        assertThat(door.shedsAtOnce("POST", "/v1/balance/topup")).isEmpty();
        assertThat(door.shedsAtOnce("POST", "/v1/wallet/topup")).isEmpty();
        assertThat(door.shedsAtOnce("GET", "/v1/models")).isEmpty();
    }

    @Test
    void whileTheNodeIsSaturated_everyRequestButTheProbesIsShed() {
        nodeSaturated.set(true);

        assertThat(door.shedsAtOnce("GET", "/v1/models")).contains(Shed.OVERLOADED);
        assertThat(door.shedsAtOnce("POST", "/v1/balance/topup")).contains(Shed.OVERLOADED);
        assertThat(door.shedsAtOnce("GET", "/livez")).isEmpty();
        assertThat(door.shedsAtOnce("GET", "/readyz")).isEmpty();
    }

    @Test
    void whileTheDatabaseIsOutOfReach_newPaidRequestsAreToldSo_andNothingElseIsShedForIt() {
        databaseOutOfReach.set(true);
        nodeSaturated.set(true);

        assertThat(door.shedsAtOnce("POST", "/v1/chat/completions")).contains(Shed.DATABASE_UNAVAILABLE);
        assertThat(door.shedsAtOnce("POST", "/messages")).contains(Shed.DATABASE_UNAVAILABLE);
        assertThat(door.shedsAtOnce("GET", "/v1/models"))
                .as("the saturation's, not the database's")
                .contains(Shed.OVERLOADED);
        nodeSaturated.set(false);
        assertThat(door.shedsAtOnce("GET", "/v1/models")).isEmpty();
        assertThat(door.shedsAtOnce("POST", "/v1/balance/topup")).isEmpty();
        assertThat(door.shedsAtOnce("GET", "/readyz")).isEmpty();
        assertThat(Shed.DATABASE_UNAVAILABLE.retryAfterSeconds()).isEqualTo("5");
    }

    @Test
    void aRequestShedForTheDatabaseIsToldWhatTheRestAdviceTellsOneThatWaited() throws Exception {
        String id = UUID.randomUUID().toString();

        assertThat(new String(door.answer(Shed.DATABASE_UNAVAILABLE, id), StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(ApiError.of(
                        "The node cannot reach its database; retry after 5 s",
                        "api_error",
                        "database_unavailable",
                        id)));
    }

    @Test
    void theAnswerIsWhatJacksonWritesForTheNodesError_withTheRequestsId() throws Exception {
        String id = UUID.randomUUID().toString();

        assertThat(new String(door.answer(Shed.OVERLOADED, id), StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(
                        ApiError.of("The node is at capacity; retry after 1 s", "api_error", "node_overloaded", id)));
    }

    @Test
    void anIdJsonMustEscape_isStillWrittenAsValidJson() throws Exception {
        String id = "a\"b\\c\u00e9";

        assertThat(mapper.readTree(door.answer(Shed.OVERLOADED, id))
                        .at("/request_id")
                        .asText())
                .isEqualTo(id);
    }
}
