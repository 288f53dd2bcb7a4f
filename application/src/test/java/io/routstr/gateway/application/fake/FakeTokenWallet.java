package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.domain.ecash.RedemptionFailure;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A wallet that knows the tokens tests issue, refuses to redeem one twice, and counts its calls. */
public final class FakeTokenWallet implements TokenRedemption {

    public static final MintUrl MINT = MintUrl.of("http://mint.test");

    private final Map<String, Msats> issued = new HashMap<>();
    private final Map<String, MintUrl> mintOf = new HashMap<>();
    private final Set<String> spent = new HashSet<>();
    private final Map<TokenFingerprint, Msats> redeemedByHash = new HashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean settling = new AtomicBoolean();
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

    @Override
    public synchronized Optional<Msats> faceValueOf(String token) {
        return Optional.ofNullable(issued.get(token));
    }

    public synchronized void failNext(RedemptionFailure failure) {
        nextFailure = failure;
    }

    public int calls() {
        return calls.get();
    }

    /** Whether the wallet is inside the commit that records a swap (running its caller's work in that commit). */
    public boolean settling() {
        return settling.get();
    }

    /** Like the wallet: the caller's work for a token credited now runs inside the commit after the swap. */
    @Override
    public synchronized RedemptionResult redeem(String token, Consumer<RedemptionResult.Redeemed> inSameCommit) {
        boolean before = redeemedByHash.containsKey(TokenFingerprint.of(token));
        RedemptionResult result = redeem(token);
        if (!before && result instanceof RedemptionResult.Redeemed redeemed) {
            settling.set(true);
            try {
                inSameCommit.accept(redeemed);
            } finally {
                settling.set(false);
            }
        }
        return result;
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
        if (redeemedByHash.containsKey(TokenFingerprint.of(token))) {
            // Like the wallet: its own earlier redemption of the same token string counts as redeemed.
            return new RedemptionResult.Redeemed(amount, MINT, CurrencyUnit.SAT);
        }
        if (!spent.add(token)) {
            return new RedemptionResult.Failed(RedemptionFailure.ALREADY_SPENT, "Token already spent");
        }
        redeemedByHash.put(TokenFingerprint.of(token), amount);
        return new RedemptionResult.Redeemed(amount, mintOf.getOrDefault(token, MINT), CurrencyUnit.SAT);
    }

    /**
     * Redeems {@code token} as a call whose caller died after the mint answered would: the wallet holds the ecash (and
     * answers look-ups), the caller never learns it.
     */
    public synchronized void redeemBehindTheCallersBack(String token) {
        spent.add(token);
        redeemedByHash.put(TokenFingerprint.of(token), issued.get(token));
    }

    @Override
    public synchronized LookUpResult lookUp(TokenFingerprint tokenHash) {
        Msats credited = redeemedByHash.get(tokenHash);
        return credited == null
                ? new LookUpResult.NotRedeemed()
                : new LookUpResult.Redeemed(credited, MINT, CurrencyUnit.SAT);
    }
}
