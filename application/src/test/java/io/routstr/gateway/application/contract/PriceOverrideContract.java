package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.PriceOverridePort;
import io.routstr.gateway.domain.provider.PriceOverride;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link PriceOverridePort}, for the in-memory fake and PostgreSQL. */
public abstract class PriceOverrideContract {

    protected abstract PriceOverridePort overrides();

    @Test
    void aPriceOverrideIsStoredAndReplacedPerModel() {
        overrides()
                .save(new PriceOverride(
                        "test/model",
                        new BigDecimal("0.000001"),
                        new BigDecimal("0.000002"),
                        BigDecimal.ZERO,
                        Optional.of(new BigDecimal("0.0000001")),
                        Optional.empty(),
                        true));
        overrides()
                .save(new PriceOverride(
                        "test/model",
                        BigDecimal.ONE,
                        BigDecimal.ONE,
                        BigDecimal.ZERO,
                        Optional.empty(),
                        Optional.of(new BigDecimal("0.5")),
                        false));

        assertThat(overrides().findAll().stream().filter(o -> o.modelId().equals("test/model")))
                .singleElement()
                .satisfies(stored -> {
                    assertThat(stored.enabled()).isFalse();
                    assertThat(stored.prompt()).isEqualByComparingTo("1");
                    assertThat(stored.cacheRead()).isEmpty();
                    assertThat(stored.cacheWrite())
                            .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.5"));
                });
    }
}
