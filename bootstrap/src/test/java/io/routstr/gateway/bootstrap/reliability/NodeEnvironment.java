package io.routstr.gateway.bootstrap.reliability;

import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Routstr's environment variables for a node of the crash suites, as an operator sets them. */
final class NodeEnvironment {

    private NodeEnvironment() {}

    /**
     * What every suite's node needs: its database and secret, one fake upstream that also quotes BTC/USD (the node
     * reaches nothing else), no per-address key creation limit (every client is 127.0.0.1) and INFO logs. Each suite
     * adds its mints, pool and timers.
     */
    static Map<String, String> offline(
            String databaseUrl, String secret, FakeOpenAiServer upstream, String upstreamKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", databaseUrl);
        env.put("ROUTSTR_SECRET_KEY", secret);
        env.put("UPSTREAM_BASE_URL", upstream.baseUrl());
        env.put("UPSTREAM_API_KEY", upstreamKey);
        env.put("BTC_USD_KRAKEN_URL", upstream.root() + "/kraken");
        env.put("BTC_USD_COINBASE_URL", upstream.root() + "/coinbase");
        env.put("BTC_USD_BINANCE_URL", upstream.root() + "/binance");
        env.put("KEY_CREATIONS_PER_MINUTE", "0");
        env.put("LOGGING_LEVEL_ROOT", "INFO");
        return env;
    }
}
