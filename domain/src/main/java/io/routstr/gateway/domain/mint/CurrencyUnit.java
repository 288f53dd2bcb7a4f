package io.routstr.gateway.domain.mint;

import io.routstr.gateway.domain.money.Msats;
import java.util.Locale;
import java.util.Objects;

/**
 * A Cashu keyset unit. The gateway accounts in msats; {@code sat} and {@code msat} are the units it can convert to.
 */
public record CurrencyUnit(String code) {

    public static final CurrencyUnit SAT = new CurrencyUnit("sat");
    public static final CurrencyUnit MSAT = new CurrencyUnit("msat");

    public CurrencyUnit {
        Objects.requireNonNull(code, "unit");
        code = code.strip().toLowerCase(Locale.ROOT);
        if (code.isEmpty() || code.length() > 16) {
            throw new IllegalArgumentException("a unit is a short lowercase code such as 'sat'");
        }
    }

    public static CurrencyUnit of(String code) {
        return new CurrencyUnit(code);
    }

    public boolean isBitcoin() {
        return equals(SAT) || equals(MSAT);
    }

    /** The msats an amount in this unit is worth. */
    public Msats toMsats(long amount) {
        if (equals(SAT)) {
            return Msats.ofSats(amount);
        }
        if (equals(MSAT)) {
            return Msats.of(amount);
        }
        throw new IllegalStateException("unit " + code + " has no msat value");
    }

    /** The largest amount in this unit that {@code msats} can pay; a sat unit drops the sub-sat remainder. */
    public long fromMsatsFloor(Msats msats) {
        if (equals(SAT)) {
            return msats.toSatsFloor();
        }
        if (equals(MSAT)) {
            return msats.value();
        }
        throw new IllegalStateException("unit " + code + " has no msat value");
    }

    /** The smallest amount in this unit that covers {@code msats}: a debt in sats rounds a fraction up. */
    public long fromMsatsCeil(Msats msats) {
        return equals(SAT) ? msats.toSatsCeil() : fromMsatsFloor(msats); // an msat amount is whole either way
    }

    @Override
    public String toString() {
        return code;
    }
}
