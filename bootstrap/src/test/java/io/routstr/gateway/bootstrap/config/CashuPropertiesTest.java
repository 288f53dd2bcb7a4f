package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
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
        return properties(primaryMintUnit, mintOperationTimeout, depositClaimTimeout, 256, 200);
    }

    private static CashuProperties consolidating(int consolidateAbove, int consolidationBatch) {
        return properties("sat", Duration.ofSeconds(30), Duration.ofMinutes(5), consolidateAbove, consolidationBatch);
    }

    private static CashuProperties properties(
            String primaryMintUnit,
            Duration mintOperationTimeout,
            Duration depositClaimTimeout,
            int consolidateAbove,
            int consolidationBatch) {
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
                Denominations.CHANGE_READY,
                Duration.ofMinutes(10),
                consolidateAbove,
                consolidationBatch);
    }

    @Test
    void aConsolidationBatchAMintCannotTakeInOneSwap_orThatCannotShrink_isRefusedAtStartUp() {
        assertThatCode(() -> consolidating(256, 200)).doesNotThrowAnyException();
        assertThatCode(() -> consolidating(0, 200)).doesNotThrowAnyException(); // off
        assertThatThrownBy(() -> consolidating(256, 1)).hasMessageContaining("WALLET_CONSOLIDATION_BATCH");
        assertThatThrownBy(() -> consolidating(256, 1001)).hasMessageContaining("WALLET_CONSOLIDATION_BATCH");
        assertThatThrownBy(() -> consolidating(-1, 200)).hasMessageContaining("WALLET_CONSOLIDATE_ABOVE");
    }

    private static CashuProperties recoveringAfter(Duration recoveryGrace) {
        return new CashuProperties(
                List.of(),
                "",
                "sat",
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                4,
                3,
                Duration.ofMinutes(5),
                "",
                ".data/routstr_secret.key",
                Duration.ofSeconds(60),
                recoveryGrace,
                Duration.ofMinutes(5),
                256,
                Denominations.CHANGE_READY,
                Duration.ofMinutes(10),
                256,
                200);
    }

    @Test
    void aRecoveryGraceNotLongerThanTheLongestMintCall_isWarnedOf_forRecoveryWouldActOnLiveOperations() {
        assertThat(recoveringAfter(Duration.ofMinutes(15)).recoveryGraceWarning())
                .as("the default, longer than the 10 min melt")
                .isEmpty();
        assertThat(recoveringAfter(Duration.ofMinutes(10)).recoveryGraceWarning())
                .hasValueSatisfying(warning -> assertThat(warning)
                        .contains("WALLET_RECOVERY_GRACE_SECONDS (600)", "MINT_MELT_TIMEOUT_SECONDS 600"));
        assertThat(recoveringAfter(Duration.ofSeconds(6)).recoveryGraceWarning())
                .isPresent();
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
