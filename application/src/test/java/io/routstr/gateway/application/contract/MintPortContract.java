package io.routstr.gateway.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.MintQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.MintPort.Restored;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Seed;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Unblinded;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MintPort} the wallet's jobs rely on, for the in-memory mint and the HTTP adapter against a
 * real mint (which must charge no input fee and pay its mint quotes at once): a swap spends its inputs once, a
 * refused swap spends nothing, a mint quote is issued once, and restore hands back exactly what was signed. Each
 * test works with a fresh seed, so tests share one mint.
 */
public abstract class MintPortContract {

    private static final CurrencyUnit SAT = CurrencyUnit.SAT;

    protected abstract MintPort mints();

    protected abstract MintUrl mintUrl();

    /** The cryptography that goes with the mint under test (the fake's scheme, or the real curve). */
    protected abstract WalletCryptoPort crypto();

    @Test
    void aSwapSpendsItsInputsOnce_andASecondSpendIsRefusedAsAlreadySpent() {
        Wallet wallet = new Wallet();
        List<Proof> inputs = wallet.fund(8, 0);

        List<Proof> swapped = wallet.swap(inputs, 10, List.of(4L, 4L));

        assertThat(swapped).extracting(Proof::amount).containsExactly(4L, 4L);
        assertThat(wallet.states(inputs)).containsOnly("SPENT");
        assertThat(wallet.states(swapped)).containsOnly("UNSPENT");
        Call<List<BlindSignature>> again = mints().swap(mintUrl(), inputs, wallet.messages(20, List.of(8L)));
        assertThat(again)
                .isInstanceOfSatisfying(
                        Call.Rejected.class, r -> assertThat(r.refusal().kind()).isEqualTo(RefusalKind.ALREADY_SPENT));
    }

    @Test
    void aRefusedSwapSpendsNothing() {
        Wallet wallet = new Wallet();
        List<Proof> inputs = wallet.fund(8, 0);

        Call<List<BlindSignature>> unbalanced = mints().swap(mintUrl(), inputs, wallet.messages(10, List.of(4L, 2L)));

        assertThat(unbalanced).isInstanceOf(Call.Rejected.class);
        assertThat(wallet.states(inputs)).containsOnly("UNSPENT");
        assertThat(wallet.swap(inputs, 20, List.of(8L)))
                .extracting(Proof::amount)
                .containsExactly(8L);
    }

    @Test
    void aMintQuoteIsIssuedOnce() {
        Wallet wallet = new Wallet();
        MintQuoteInfo quote = wallet.quote(4);
        List<BlindedMessage> first = wallet.messages(0, List.of(4L));
        assertThat(mints().mint(mintUrl(), quote.quote(), first, wallet.lockSignature(quote, first)))
                .isInstanceOf(Call.Ok.class);
        List<BlindedMessage> second = wallet.messages(1, List.of(4L));

        Call<List<BlindSignature>> again =
                mints().mint(mintUrl(), quote.quote(), second, wallet.lockSignature(quote, second));

        assertThat(again)
                .isInstanceOfSatisfying(
                        Call.Rejected.class,
                        r -> assertThat(r.refusal().kind()).isEqualTo(RefusalKind.QUOTE_ALREADY_ISSUED));
        assertThat(ok(mints().mintQuote(mintUrl(), quote.quote())).state()).isEqualTo("ISSUED");
    }

    @Test
    void restoreReturnsWhatWasSigned_andNothingForOutputsNeverSent() {
        Wallet wallet = new Wallet();
        MintQuoteInfo quote = wallet.quote(3);
        List<BlindedMessage> sent = wallet.messages(0, List.of(2L, 1L));
        List<BlindSignature> signed =
                ok(mints().mint(mintUrl(), quote.quote(), sent, wallet.lockSignature(quote, sent)));
        List<BlindedMessage> asked = wallet.messages(0, List.of(2L, 1L, 1L));

        Restored restored = ok(mints().restore(mintUrl(), asked));

        assertThat(restored.outputs()).containsExactlyElementsOf(sent);
        assertThat(restored.signatures())
                .extracting(BlindSignature::signature)
                .containsExactlyElementsOf(
                        signed.stream().map(BlindSignature::signature).toList());
        assertThat(wallet.unblind(wallet.outputs(0, List.of(2L, 1L)), restored.signatures()))
                .extracting(Proof::amount)
                .containsExactly(2L, 1L);
    }

    static <T> T ok(Call<T> call) {
        assertThat(call).isInstanceOf(Call.Ok.class);
        return ((Call.Ok<T>) call).value();
    }

    /** A wallet with its own fresh seed, talking to the mint under test through the ports only. */
    private final class Wallet {
        private final Seed seed = crypto().seed(crypto().newMnemonic());
        private final MintKeyset keyset = ok(mints().activeKeyset(mintUrl(), SAT));

        List<Output> outputs(long firstCounter, List<Long> amounts) {
            return crypto().deriveOutputs(seed, keyset.id(), firstCounter, amounts);
        }

        List<BlindedMessage> messages(long firstCounter, List<Long> amounts) {
            return outputs(firstCounter, amounts).stream().map(Output::message).toList();
        }

        MintQuoteInfo quote(long amount) {
            Optional<String> lock =
                    mints().supportsQuoteLocks(mintUrl()) ? Optional.of(crypto().quoteLockKey(seed)) : Optional.empty();
            return ok(mints().createMintQuote(mintUrl(), amount, SAT, lock));
        }

        Optional<String> lockSignature(MintQuoteInfo quote, List<BlindedMessage> outputs) {
            return mints().supportsQuoteLocks(mintUrl())
                    ? Optional.of(crypto().signMintRequest(seed, quote.quote(), outputs, false))
                    : Optional.empty();
        }

        /** Proofs of {@code amount} (a power of two) minted onto the output at {@code counter}. */
        List<Proof> fund(long amount, long counter) {
            MintQuoteInfo quote = quote(amount);
            List<Output> planned = outputs(counter, List.of(amount));
            List<BlindedMessage> request = planned.stream().map(Output::message).toList();
            return unblind(planned, ok(mints().mint(mintUrl(), quote.quote(), request, lockSignature(quote, request))));
        }

        List<Proof> swap(List<Proof> inputs, long firstCounter, List<Long> amounts) {
            List<Output> planned = outputs(firstCounter, amounts);
            return unblind(
                    planned,
                    ok(mints().swap(
                                    mintUrl(),
                                    inputs,
                                    planned.stream().map(Output::message).toList())));
        }

        List<Proof> unblind(List<Output> planned, List<BlindSignature> signatures) {
            assertThat(signatures).hasSameSizeAs(planned);
            List<Proof> proofs = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                BlindSignature signature = signatures.get(i);
                String key = keyset.key(signature.amount()).orElseThrow();
                Unblinded unblinded = crypto().unblind(planned.get(i), signature, key);
                assertThat(unblinded).isInstanceOf(Unblinded.Signed.class);
                proofs.add(((Unblinded.Signed) unblinded).proof().withoutDleq());
            }
            return proofs;
        }

        List<String> states(List<Proof> proofs) {
            return ok(mints().checkState(
                                    mintUrl(),
                                    proofs.stream()
                                            .map(p -> crypto().y(p.secret()))
                                            .toList()))
                    .stream()
                    .map(ProofStateInfo::state)
                    .toList();
        }
    }
}
