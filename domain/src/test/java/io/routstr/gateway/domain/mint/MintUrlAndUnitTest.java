package io.routstr.gateway.domain.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.money.Msats;
import org.junit.jupiter.api.Test;

class MintUrlAndUnitTest {

    @Test
    void aMintUrlIsKeptWithoutItsTrailingSlash() {
        assertThat(MintUrl.of("https://mint.example.com/Bitcoin/").value())
                .isEqualTo("https://mint.example.com/Bitcoin");
        assertThat(MintUrl.of("http://127.0.0.1:3338")).isEqualTo(MintUrl.of("http://127.0.0.1:3338/"));
    }

    @Test
    void onlyHttpMintUrlsAreAccepted() {
        assertThatThrownBy(() -> MintUrl.of("ftp://mint")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MintUrl.of("not a url")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void satAndMsatUnitsConvertToAndFromMsats() {
        assertThat(CurrencyUnit.of("SAT")).isEqualTo(CurrencyUnit.SAT);
        assertThat(CurrencyUnit.SAT.toMsats(21)).isEqualTo(Msats.of(21_000));
        assertThat(CurrencyUnit.MSAT.toMsats(21)).isEqualTo(Msats.of(21));
        assertThat(CurrencyUnit.SAT.fromMsatsFloor(Msats.of(21_999))).isEqualTo(21);
        assertThat(CurrencyUnit.MSAT.fromMsatsFloor(Msats.of(21_999))).isEqualTo(21_999);
        assertThat(CurrencyUnit.of("usd").isBitcoin()).isFalse();
        assertThatThrownBy(() -> CurrencyUnit.of("usd").toMsats(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whatIsOwed_roundsUpToAWholeSat_soAFractionOwedIsAWholeSatKept() {
        assertThat(CurrencyUnit.SAT.fromMsatsCeil(Msats.of(21_001))).isEqualTo(22);
        assertThat(CurrencyUnit.SAT.fromMsatsCeil(Msats.of(21_000))).isEqualTo(21);
        assertThat(CurrencyUnit.MSAT.fromMsatsCeil(Msats.of(21_001))).isEqualTo(21_001);
    }
}
