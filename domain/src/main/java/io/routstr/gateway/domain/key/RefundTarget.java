package io.routstr.gateway.domain.key;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a key's remaining balance goes back to: the mint and unit its liability lives in, and optionally a Lightning
 * address or LNURL the owner asked for ({@code Refund-LNURL}) with the time after which the key is refunded there.
 */
public record RefundTarget(MintUrl mint, CurrencyUnit unit, String lightningAddress, Instant refundAfter) {

    public RefundTarget {
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(unit, "unit");
        if (lightningAddress != null && lightningAddress.isBlank()) {
            lightningAddress = null;
        }
        if (refundAfter != null && lightningAddress == null) {
            throw new IllegalArgumentException("a refund time needs a refund address");
        }
    }

    public static RefundTarget to(MintUrl mint, CurrencyUnit unit) {
        return new RefundTarget(mint, unit, null, null);
    }

    public RefundTarget withLightningAddress(String address, Instant after) {
        return new RefundTarget(mint, unit, address, after);
    }
}
