package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.TokenRedemptionPort;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A wallet that knows the tokens tests issue, refuses to redeem one twice, and counts its calls. */
public final class FakeTokenWallet implements TokenRedemptionPort {

    public static final MintUrl MINT = MintUrl.of("http://mint.test");

    private final Map<String, Msats> issued = new HashMap<>();
    private final Map<String, MintUrl> mintOf = new HashMap<>();
    private final Set<String> spent = new HashSet<>();
    private final AtomicInteger calls = new AtomicInteger();
    private RedemptionFailure nextFailure;

    public synchronized String issue(long sats) {
        String token = "cashuBfake" + issued.size() + "x" + sats;
        issued.put(token, Msats.ofSats(sats));
        return token;
    }

    /** A token of {@code sats} whose ecash lives at {@code mint}. */
    public synchronized String issueAt(MintUrl mint, long sats) {
        String token = issue(sats);
        mintOf.put(token, mint);
        return token;
    }

    @Override
    public synchronized Optional<TokenOrigin> originOf(String token) {
        return issued.containsKey(token)
                ? Optional.of(new TokenOrigin(mintOf.getOrDefault(token, MINT), CurrencyUnit.SAT))
                : Optional.empty();
    }

    public synchronized void failNext(RedemptionFailure failure) {
        nextFailure = failure;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public synchronized RedemptionResult redeem(String token) {
        calls.incrementAndGet();
        if (nextFailure != null) {
            RedemptionFailure failure = nextFailure;
            nextFailure = null;
            return new RedemptionResult.Failed(failure, failure.code());
        }
        Msats amount = issued.get(token);
        if (amount == null) {
            return new RedemptionResult.Failed(RedemptionFailure.INVALID_TOKEN, "unknown token");
        }
        if (!spent.add(token)) {
            return new RedemptionResult.Failed(RedemptionFailure.ALREADY_SPENT, "Token already spent");
        }
        return new RedemptionResult.Redeemed(amount, mintOf.getOrDefault(token, MINT), CurrencyUnit.SAT);
    }
}
