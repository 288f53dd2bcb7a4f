package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UncollectedTokenPort} over tokens the test hands out ({@link #handOut}): change tokens are claimed before
 * refund tokens, each oldest first, and a claim is taken over once it is older than the claim expiry.
 */
public final class InMemoryUncollectedTokens implements UncollectedTokenPort {

    private static final class Row {
        final UncollectedToken token;
        final Instant issuedAt;
        Optional<Instant> claimedAt = Optional.empty();
        Optional<SweepState> state = Optional.empty();

        Row(UncollectedToken token, Instant issuedAt) {
            this.token = token;
            this.issuedAt = issuedAt;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** A token handed out at {@code issuedAt} and not collected since. */
    public synchronized void handOut(UncollectedToken token, Instant issuedAt) {
        rows.put(token.source() + ":" + token.id(), new Row(token, issuedAt));
    }

    /** How the sweep of the token ended, if it did. */
    public synchronized Optional<SweepState> stateOf(UncollectedToken token) {
        return Optional.ofNullable(rows.get(token.source() + ":" + token.id())).flatMap(r -> r.state);
    }

    @Override
    public synchronized List<UncollectedToken> claim(
            Instant issuedBefore, Instant claimExpiredBefore, Instant now, int limit) {
        List<UncollectedToken> claimed = new ArrayList<>();
        for (Source source : List.of(Source.CHANGE, Source.REFUND)) {
            rows.values().stream()
                    .filter(r -> r.token.source() == source && r.state.isEmpty())
                    .filter(r -> r.issuedAt.isBefore(issuedBefore))
                    .filter(r ->
                            r.claimedAt.map(c -> c.isBefore(claimExpiredBefore)).orElse(true))
                    .sorted(Comparator.comparing((Row r) -> r.issuedAt))
                    .limit(limit - claimed.size())
                    .forEach(r -> {
                        r.claimedAt = Optional.of(now);
                        claimed.add(r.token);
                    });
        }
        return List.copyOf(claimed);
    }

    @Override
    public synchronized void finish(UncollectedToken token, SweepState state, Instant now) {
        Row row = rows.get(token.source() + ":" + token.id());
        if (row != null && row.state.isEmpty()) {
            row.state = Optional.of(state);
        }
    }
}
