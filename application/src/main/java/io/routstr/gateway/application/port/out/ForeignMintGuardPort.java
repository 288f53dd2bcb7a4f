package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.mint.MintUrl;
import java.util.Optional;

/**
 * Port: whether the node may call a mint it does not trust. A foreign mint's URL comes from a client's token, so it is
 * user input: it must not make the node reach private, loopback or link-local addresses (SSRF) unless the operator
 * allows them.
 */
public interface ForeignMintGuardPort {

    /** Empty when {@code mint} may be called now; otherwise why not (for the log, never for the client). */
    Optional<String> refusal(MintUrl mint);
}
