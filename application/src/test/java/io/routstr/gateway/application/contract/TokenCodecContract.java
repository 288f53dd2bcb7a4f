package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenCodecPort}, for the in-memory codec and the Cashu adapter's: what the node encodes
 * decodes to the same token (DLEQ proofs and memo included, so receivers can check the mint offline), a
 * {@code cashu:} URI is read, and bad input is an answer, never an exception.
 */
public abstract class TokenCodecContract {

    private static final KeysetId KEYSET = KeysetId.of("009a1f293253e41e");
    private static final String C = "02" + "ab".repeat(32);
    private static final String SCALAR = "0c".repeat(32);

    protected abstract TokenCodecPort codec();

    private static EcashToken token() {
        return new EcashToken(
                MintUrl.of("https://mint.example.com"),
                CurrencyUnit.SAT,
                Optional.of("thanks"),
                List.of(
                        Proof.of(8, KEYSET, "secret-one", C).withDleq(new ProofDleq(SCALAR, SCALAR, SCALAR)),
                        Proof.of(2, KEYSET, "secret-two", C)));
    }

    @Test
    void anEncodedTokenDecodesToTheSameToken() {
        assertThat(codec().decode(codec().encode(token()))).isEqualTo(new Decoded.Token(token()));
    }

    @Test
    void aTokenInACashuUriIsRead() {
        assertThat(codec().decode("cashu:" + codec().encode(token()))).isEqualTo(new Decoded.Token(token()));
    }

    @Test
    void badInputIsAnAnswer_notAnException() {
        String good = codec().encode(token());

        assertThat(codec().decode("")).isInstanceOf(Decoded.Malformed.class);
        assertThat(codec().decode("cashuBnot-a-token")).isInstanceOf(Decoded.Malformed.class);
        assertThat(codec().decode(good.substring(0, good.length() / 2))).isInstanceOf(Decoded.Malformed.class);
    }
}
