package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.LlmRequestReaderContract;
import io.routstr.gateway.application.port.out.LlmRequestReaderPort;
import java.nio.charset.StandardCharsets;

class FakeLlmRequestsTest extends LlmRequestReaderContract {

    @Override
    protected LlmRequestReaderPort reader() {
        return new FakeLlmRequests();
    }

    @Override
    protected byte[] chat(String model, boolean stream) {
        return bytes(stream ? model + " stream" : model);
    }

    @Override
    protected byte[] chatAskingFor(String model, long n) {
        return bytes(model + " n=" + n);
    }

    @Override
    protected byte[] chatWithoutModel() {
        return bytes(" ");
    }

    @Override
    protected byte[] notJson() {
        return bytes(FakeLlmRequests.NOT_JSON);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
