package io.routstr.gateway.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import org.junit.jupiter.api.Test;

class BillingErrorsTest {

    @Test
    void amountsAreWrittenAsRoutstrWritesThem() {
        assertThat(BillingErrors.describe(Msats.of(622_888))).isEqualTo("622.888 sats (622888 msats)");
        assertThat(BillingErrors.describe(Msats.of(20_320))).isEqualTo("20.32 sats (20320 msats)");
        assertThat(BillingErrors.describe(Msats.of(21_000))).isEqualTo("21 sats (21000 msats)");
        assertThat(BillingErrors.describe(Msats.ZERO)).isEqualTo("0 sats (0 msats)");
    }
}
