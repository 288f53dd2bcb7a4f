package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.application.port.out.ForeignMintGuardPort;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The SSRF guard of the refund addresses, applied to the URL of a mint the node does not trust: that URL comes from a
 * client's token, so the node calls it only over https and only when every address it resolves to is public, unless
 * the operator allows private destinations ({@code FOREIGN_MINT_ALLOW_PRIVATE}, for test and closed networks, which
 * also allows plain http).
 */
public final class ForeignMintAddressGuard implements ForeignMintGuardPort {

    private final DestinationGuard guard;

    public ForeignMintAddressGuard(boolean allowPrivate) {
        Predicate<InetAddress> rule = allowPrivate ? address -> true : PublicAddresses::isPublic;
        this.guard = new DestinationGuard(allowPrivate, rule, InetAddress::getAllByName);
    }

    @Override
    public Optional<String> refusal(MintUrl mint) {
        URI uri;
        try {
            uri = URI.create(mint.value());
        } catch (IllegalArgumentException malformed) {
            return Optional.of("the mint URL is not a URL");
        }
        return switch (guard.check(uri)) {
            case Attempt.Ok<URI> ok -> Optional.empty();
            case Attempt.Failed<URI> failed -> Optional.of(failed.refusal().message());
        };
    }
}
