package io.routstr.gateway.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.application.fake.FakeTokenCodec;
import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.FitTokenToHeaderQuery;
import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.HeaderToken;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FitTokenToHeaderServiceTest {

    private static final String C = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    private final FakeTokenCodec codec = new FakeTokenCodec();
    private final FitTokenToHeaderService fitting = new FitTokenToHeaderService(codec);

    @Test
    void givenATokenThatFits_itGoesAsItIs_withItsDleq() {
        String token = codec.encode(change(3, true));

        HeaderToken fitted = fitting.fit(new FitTokenToHeaderQuery(token, token.length()));

        assertThat(fitted).isEqualTo(new HeaderToken.AsIs(token));
    }

    @Test
    void givenATokenTooLongOnlyWithItsDleq_theSameProofsGoWithoutIt() {
        EcashToken change = change(20, true);
        String token = codec.encode(change);
        String withoutDleq = codec.encode(change.withoutDleq());

        HeaderToken fitted = fitting.fit(new FitTokenToHeaderQuery(token, token.length() - 1));

        assertThat(fitted).isEqualTo(new HeaderToken.WithoutDleq(withoutDleq));
        EcashToken inHeader = decoded(fitted.header().orElseThrow());
        assertThat(inHeader.amount()).isEqualTo(change.amount());
        assertThat(inHeader.proofs())
                .as("the same proofs: spending one token spends the other")
                .isEqualTo(change.withoutDleq().proofs());
        assertThat(inHeader.hasDleq()).isFalse();
    }

    @Test
    void givenATokenTooLongEvenWithoutItsDleq_nothingGoesInTheHeader() {
        EcashToken change = change(20, true);
        String token = codec.encode(change);
        int withoutDleq = codec.encode(change.withoutDleq()).length();

        HeaderToken fitted = fitting.fit(new FitTokenToHeaderQuery(token, withoutDleq - 1));

        assertThat(fitted).isEqualTo(new HeaderToken.TooLong());
        assertThat(fitted.header()).isEmpty();
    }

    @Test
    void givenATokenTooLongWithoutAnyDleq_nothingGoesInTheHeader() {
        String token = codec.encode(change(20, false));

        assertThat(fitting.fit(new FitTokenToHeaderQuery(token, token.length() - 1)))
                .isEqualTo(new HeaderToken.TooLong());
    }

    @Test
    void givenAnUnreadableTokenTooLong_nothingGoesInTheHeader() {
        String unreadable = "cashuB" + "x".repeat(100);

        assertThat(fitting.fit(new FitTokenToHeaderQuery(unreadable, 50))).isEqualTo(new HeaderToken.TooLong());
    }

    @Test
    void givenAnUnreadableTokenThatFits_itGoesAsItIs() {
        assertThat(fitting.fit(new FitTokenToHeaderQuery("not a token", 50)))
                .isEqualTo(new HeaderToken.AsIs("not a token"));
    }

    @Test
    void aHeaderHoldsAtLeastOneCharacter() {
        assertThatThrownBy(() -> new FitTokenToHeaderQuery("cashuB", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private EcashToken decoded(String token) {
        return ((Decoded.Token) codec.decode(token)).token();
    }

    /** Change as the node's wallet makes it: one proof per power of two, each with the mint's DLEQ if asked. */
    private static EcashToken change(int proofs, boolean dleq) {
        List<Proof> made = new ArrayList<>();
        for (int i = 0; i < proofs; i++) {
            Proof proof = new Proof(
                    1L << i,
                    KeysetId.of("00882760bfa2eb41"),
                    "%064x".formatted(i + 1),
                    C,
                    Optional.empty(),
                    Optional.empty());
            made.add(dleq ? proof.withDleq(new ProofDleq(scalar(i, 'e'), scalar(i, 's'), scalar(i, 'r'))) : proof);
        }
        return EcashToken.of(MintUrl.of("https://mint.example.com"), CurrencyUnit.SAT, made);
    }

    private static String scalar(int i, char part) {
        return "%063x%c".formatted(i + 1, part == 'e' ? 'e' : part == 's' ? 'a' : 'b');
    }
}
