package io.routstr.gateway.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.Refusal;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import org.junit.jupiter.api.Test;

class MintPortCallTest {

    @Test
    void anAnswer_isMappedToItsValue() {
        assertThat(new Call.Ok<>("21").map(Integer::parseInt)).isEqualTo(new Call.Ok<>(21));
    }

    @Test
    void aSuccessWhoseAnswerCannotBeRead_hasAnUnknownOutcome_forTheMintProcessedTheRequest() {
        // A swap answered 200 with signatures the wallet cannot read has spent its inputs at the mint: calling it a
        // refusal would fail the operation and lose the outputs, while an unknown outcome leaves it to recovery.
        Call<Integer> mapped = new Call.Ok<>("not a number").map(Integer::parseInt);

        assertThat(mapped).isInstanceOf(Call.OutcomeUnknown.class);
    }

    @Test
    void aCallWithoutAnAnswer_staysWhatItWas() {
        Refusal spent = new Refusal(RefusalKind.ALREADY_SPENT, 11001, "spent");

        assertThat(new Call.Rejected<String>(spent).map(Integer::parseInt)).isEqualTo(new Call.Rejected<>(spent));
        assertThat(new Call.Unreachable<String>("down").map(Integer::parseInt))
                .isEqualTo(new Call.Unreachable<>("down"));
        assertThat(new Call.OutcomeUnknown<String>("lost").map(Integer::parseInt))
                .isEqualTo(new Call.OutcomeUnknown<>("lost"));
    }
}
