package io.routstr.gateway.cashu.mint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A mint closes keep-alive connections it has not used for a few seconds (Node and uvicorn: 5 s). A swap sent on such
 * a connection has an unknown outcome and its token goes to recovery, so the client must give up idle connections to a
 * mint before the mint does.
 */
class IdleMintConnectionsTest {

    private static MintClient client(String url) {
        Duration timeout = Duration.ofSeconds(5);
        return new MintClient(
                MintUrl.of(url),
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new MintClientSettings(
                        timeout, timeout, 4, 1, Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @Test
    void aSwapAfterTheMintsKeepAliveRanOut_goesOnAFreshConnectionAndSucceeds() throws Exception {
        try (IdleClosingMint mint = new IdleClosingMint(Duration.ofMillis(2500))) {
            MintClient client = client(mint.url());

            assertThat(client.swap(List.of(), List.of())).isInstanceOf(Call.Ok.class);
            Thread.sleep(3000);
            Call<?> second = client.swap(List.of(), List.of());

            assertThat(second).isInstanceOf(Call.Ok.class);
            assertThat(mint.dropped()).isZero();
            assertThat(mint.connections()).isEqualTo(2);
        }
    }

    @Test
    void concurrentSwapsAfterTheMintsKeepAliveRanOut_allSucceed() throws Exception {
        try (IdleClosingMint mint = new IdleClosingMint(Duration.ofMillis(2500));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            MintClient client = client(mint.url());
            Callable<Call<?>> swap = () -> client.swap(List.of(), List.of());

            List<Future<Call<?>>> burst = callers.invokeAll(List.of(swap, swap, swap, swap));
            Thread.sleep(3000);
            List<Future<Call<?>>> afterIdle = callers.invokeAll(List.of(swap, swap, swap, swap));

            for (Future<Call<?>> call : concat(burst, afterIdle)) {
                assertThat(call.get()).isInstanceOf(Call.Ok.class);
            }
            assertThat(mint.dropped()).isZero();
        }
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    @Test
    void callsCloseTogether_shareOneKeptAliveConnection() throws Exception {
        try (IdleClosingMint mint = new IdleClosingMint(Duration.ofMillis(2500))) {
            MintClient client = client(mint.url());

            assertThat(client.swap(List.of(), List.of())).isInstanceOf(Call.Ok.class);
            Thread.sleep(200);
            assertThat(client.swap(List.of(), List.of())).isInstanceOf(Call.Ok.class);
            assertThat(client.swap(List.of(), List.of())).isInstanceOf(Call.Ok.class);

            assertThat(mint.connections()).isEqualTo(1);
            assertThat(mint.answered()).isEqualTo(3);
        }
    }
}
