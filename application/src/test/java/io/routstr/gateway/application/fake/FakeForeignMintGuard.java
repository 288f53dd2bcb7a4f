package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ForeignMintGuardPort} that lets every mint be called except the ones a test {@link #forbid}s. */
public final class FakeForeignMintGuard implements ForeignMintGuardPort {

    private final Set<MintUrl> forbidden = ConcurrentHashMap.newKeySet();

    public void forbid(MintUrl mint) {
        forbidden.add(mint);
    }

    @Override
    public Optional<String> refusal(MintUrl mint) {
        return forbidden.contains(mint) ? Optional.of("forbidden by the test") : Optional.empty();
    }
}
