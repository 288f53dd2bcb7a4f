package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.service.wallet.WalletSettings.Denominations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CashuPropertiesTest {

    private static CashuProperties with(Duration mintOperationTimeout, Duration depositClaimTimeout) {
        return withUnit("sat", mintOperationTimeout, depositClaimTimeout);
    }

    private static CashuProperties withUnit(
            String primaryMintUnit, Duration mintOperationTimeout, Duration depositClaimTimeout) {
        return new CashuProperties(
                List.of(),
                "",
                primaryMintUnit,
                mintOperationTimeout,
                Duration.ofMinutes(10),
                4,
                3,
                Duration.ofMinutes(5),
                "",
                ".data/routstr_secret.key",
                Duration.ofSeconds(60),
                Duration.ofMinutes(15),
                depositClaimTimeout,
                256,
                Denominations.CHANGE_READY);
    }

    @Test
    void theDefaultsLeaveALiveRedemptionItsClaim() {
        assertThatCode(() -> with(Duration.ofSeconds(30), Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
        assertThatCode(() -> with(Duration.ofSeconds(20), Duration.ofSeconds(30)))
                .doesNotThrowAnyException();
    }

    @Test
    void aDepositClaimTimeoutNotLongerThanAMintCallIsRefusedAtStartUp_orALiveRedemptionWouldBeTakenOver() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEPOSIT_CLAIM_TIMEOUT_SECONDS");
    }

    @Test
    void aPrimaryMintUnitOtherThanSatIsRefusedAtStartUp_orInvoiceAndRefundAmountsWouldBeMisread() {
        assertThatThrownBy(() -> withUnit("msat", Duration.ofSeconds(30), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PRIMARY_MINT_UNIT");
        assertThatCode(() -> withUnit("sat", Duration.ofSeconds(30), Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
    }
}
