package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import java.util.Objects;

/**
 * Port: what backs the ecash customers are owed at one mint, read at once: the wallet's proofs of that mint and unit,
 * and the balances of the keys that refund there. One read, so that the liability guard before every change and refund
 * payout costs one round trip rather than one for the proofs and one for the balances.
 */
public interface MintBackingPort {

    Backing backingAt(MintUrl mint, CurrencyUnit unit);

    /**
     * As {@link #backingAt}, read for a payout of {@code payout} in the mint's unit: where the wallet's largest unspent
     * proofs alone already cover the payout and every balance owed there (in whole units, rounded up), {@code unspent}
     * may be their sum, a lower bound of the whole; otherwise it is the whole sum. So the liability guard's read does not
     * grow with the small proofs a wallet piles up (each X-Cashu request's earnings stay as a proof of their own until
     * they are paid out). A store whose sums cost nothing reads them whole.
     */
    default Backing backingFor(MintUrl mint, CurrencyUnit unit, long payout) {
        return backingAt(mint, unit);
    }

    /**
     * The wallet's proofs of the mint in its unit, {@code unspent} and {@code pending} (held by payouts in flight, whose
     * change comes back when they finish), beside the balances {@code owed} to keys refunding at that mint and unit.
     */
    record Backing(long unspent, long pending, Msats owed) {

        public Backing {
            Objects.requireNonNull(owed, "owed");
            if (unspent < 0 || pending < 0) {
                throw new IllegalArgumentException("proofs held are not negative: " + unspent + ", " + pending);
            }
        }

        /** Unspent and pending together: what the mint's proofs will be once the payouts in flight are done. */
        public long held() {
            return Math.addExact(unspent, pending);
        }
    }
}
