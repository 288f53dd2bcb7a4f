package io.routstr.gateway.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestShapeTest {

    @Test
    void givenNoOutputField_hasNoOutputCap() {
        assertThat(RequestShape.UNKNOWN.outputCap()).isEmpty();
    }

    @Test
    void givenAnyOneOutputField_usesIt() {
        assertThat(RequestShape.UNKNOWN.withMaxTokens(100).outputCap()).hasValue(100);
        assertThat(RequestShape.UNKNOWN.withMaxCompletionTokens(200).outputCap())
                .hasValue(200);
        assertThat(RequestShape.UNKNOWN.withMaxOutputTokens(300).outputCap()).hasValue(300);
    }

    @Test
    void givenSeveralOutputFields_usesTheLargest() {
        RequestShape shape = RequestShape.UNKNOWN
                .withMaxTokens(100)
                .withMaxCompletionTokens(400)
                .withMaxOutputTokens(300);

        assertThat(shape.outputCap()).hasValue(400);
    }

    @Test
    void askingForNothingMeansOneChoiceAndNoImage() {
        assertThat(RequestShape.UNKNOWN.choices()).isOne();
        assertThat(RequestShape.UNKNOWN.images()).isZero();
    }

    @Test
    void aRequestAsksForAtLeastOneChoice() {
        assertThatThrownBy(() -> RequestShape.UNKNOWN.withChoices(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestShape.UNKNOWN.withImages(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeSizesAreRefused() {
        assertThatThrownBy(() -> RequestShape.UNKNOWN.withMaxTokens(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestShape.UNKNOWN.withPromptTokens(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
