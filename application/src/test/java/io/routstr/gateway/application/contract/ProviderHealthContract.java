package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.ProviderHealthPort;
import io.routstr.gateway.application.port.out.ProviderHealthPort.Health;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ProviderHealthPort} (Routstr §8 discovery health), for the fake and the HTTP adapter: a node
 * answering its info is healthy with the JSON it answered; one that cannot be reached is status 0, {@code error}.
 */
public abstract class ProviderHealthContract {

    protected abstract ProviderHealthPort health();

    /** The endpoint URL of a node that answers {@code GET /v1/info} with {@code json}. */
    protected abstract String nodeAnsweringInfo(String json);

    @Test
    void aNodeAnsweringItsInfo_isHealthy_withTheJsonItAnswered() {
        String url = nodeAnsweringInfo("{\"name\":\"Other node\",\"mints\":[\"https://mint.example\"]}");

        Health answer = health().check(url);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.endpoint()).isEqualTo("info");
        assertThat(answer.json()).hasValue("{\"name\":\"Other node\",\"mints\":[\"https://mint.example\"]}");
    }

    @Test
    void aNodeNobodyAnswersFor_isStatus0Error_withoutJson() {
        assertThat(health().check("http://127.0.0.1:1")).isEqualTo(new Health(0, "error"));
    }

    @Test
    void anEndpointThatIsNoUrl_isStatus0Error_withoutJson() {
        assertThat(health().check("not a url")).isEqualTo(new Health(0, "error"));
    }
}
