package io.routstr.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentsTest {

    record Sample(String name, long count, Optional<String> note) {
        Sample {
            Components.requireNonNull(Sample.class, name, note);
        }
    }

    record Miscounted(String name, String note) {
        Miscounted {
            Components.requireNonNull(Miscounted.class, name);
        }
    }

    @Test
    void givenEveryReferenceComponent_aRecordIsBuilt() {
        assertThat(new Sample("a", 1, Optional.empty()).name()).isEqualTo("a");
    }

    @Test
    void aNullComponent_isRejectedByItsName_skippingPrimitives() {
        assertThatNullPointerException()
                .isThrownBy(() -> new Sample("a", 1, null))
                .withMessage("note");
        assertThatNullPointerException()
                .isThrownBy(() -> new Sample(null, 1, Optional.empty()))
                .withMessage("name");
    }

    @Test
    void aGuardThatLeavesOutAComponent_failsOnEveryConstruction() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Miscounted("a", "b"));
    }
}
