package io.routstr.gateway.cashu.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MintConnectionsTest {

    private final List<HttpClient> built = new CopyOnWriteArrayList<>();

    private MintConnections connections(Duration maxIdle) {
        return new MintConnections(
                () -> {
                    HttpClient client = HttpClient.newHttpClient();
                    built.add(client);
                    return client;
                },
                maxIdle);
    }

    @Test
    void aLaneGivenBackRecently_isLentAgain() {
        MintConnections connections = connections(Duration.ofSeconds(30));

        HttpClient first = connections.borrow();
        connections.giveBack(first);

        assertThat(connections.borrow()).isSameAs(first);
        assertThat(built).hasSize(1);
    }

    @Test
    void aLaneUnusedPastTheLimit_isShutDownAndReplaced() throws Exception {
        MintConnections connections = connections(Duration.ofMillis(50));
        HttpClient old = connections.borrow();
        connections.giveBack(old);
        Thread.sleep(100);

        HttpClient next = connections.borrow();

        assertThat(next).isNotSameAs(old);
        assertThat(old.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(next.isTerminated()).isFalse();
    }

    @Test
    void aLaneNobodyBorrowsAgain_isShutDownOnceUnusedPastTheLimit() throws Exception {
        MintConnections connections = connections(Duration.ofMillis(50));
        HttpClient lane = connections.borrow();

        connections.giveBack(lane);

        assertThat(lane.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void callsInFlightTogether_eachHaveTheirOwnLane() {
        MintConnections connections = connections(Duration.ofSeconds(30));

        HttpClient one = connections.borrow();
        HttpClient two = connections.borrow();

        assertThat(one).isNotSameAs(two);
    }
}
