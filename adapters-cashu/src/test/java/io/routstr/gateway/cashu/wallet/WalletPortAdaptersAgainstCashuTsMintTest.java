package io.routstr.gateway.cashu.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.routstr.gateway.application.port.out.MintPort;
import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.MintQuoteInfo;
import io.routstr.gateway.application.port.out.MintPort.ProofStateInfo;
import io.routstr.gateway.application.port.out.MintPort.RefusalKind;
import io.routstr.gateway.application.port.out.MintPort.Restored;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Seed;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Unblinded;
import io.routstr.gateway.cashu.crypto.CashuCryptoAdapter;
import io.routstr.gateway.cashu.mint.HttpMintAdapter;
import io.routstr.gateway.cashu.mint.MintClientSettings;
import io.routstr.gateway.cashu.mint.MintClients;
import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.Received;
import io.routstr.gateway.cashu.token.CashuTokenCodecAdapter;
import io.routstr.gateway.cashu.token.TokenCodec;
import io.routstr.gateway.domain.ecash.EcashToken;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wallet's mint, crypto and token codec ports, as the Cashu adapter implements them, against a mint it did not
 * write (cashu-ts): together they are enough to mint a quote onto seed-derived outputs, hand out a token another
 * wallet accepts, ask the proofs' states and restore the outputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletPortAdaptersAgainstCashuTsMintTest {

    private static final CurrencyUnit SAT = CurrencyUnit.SAT;
    private static final String MNEMONIC =
            "half depart obvious quality work element tank gorilla view sugar picture humble";

    private CashuTsMint mint;
    private CashuTsWallet tsWallet;
    private MintUrl mintUrl;
    private MintPort mints;
    private final WalletCryptoPort crypto = new CashuCryptoAdapter(new SecureRandom());
    private final TokenCodecPort codec = new CashuTokenCodecAdapter(new TokenCodec());

    @BeforeAll
    void startMint() {
        mint = CashuTsMint.start(0);
        tsWallet = new CashuTsWallet(mint);
        mintUrl = MintUrl.of(mint.url());
        mints = new HttpMintAdapter(new MintClients(
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new MintClientSettings(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        4,
                        2,
                        Duration.ofMillis(10),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30))));
    }

    @AfterAll
    void stopMint() {
        if (tsWallet != null) {
            tsWallet.close();
        }
        if (mint != null) {
            mint.close();
        }
    }

    @Test
    void seed_derived_outputs_minted_through_the_ports_make_a_token_another_wallet_redeems() {
        Seed seed = crypto.seed(MNEMONIC);
        MintKeyset keyset = ok(mints.activeKeyset(mintUrl, SAT));
        Optional<String> lock =
                mints.supportsQuoteLocks(mintUrl) ? Optional.of(crypto.quoteLockKey(seed)) : Optional.empty();
        MintQuoteInfo quote = ok(mints.createMintQuote(mintUrl, 11, SAT, lock));
        List<Output> outputs = crypto.deriveOutputs(seed, keyset.id(), 0, List.of(8L, 2L, 1L));
        List<BlindedMessage> request = outputs.stream().map(Output::message).toList();
        Optional<String> signature = lock.map(key -> crypto.signMintRequest(seed, quote.quote(), request, false));

        List<Proof> proofs = unblind(outputs, ok(mints.mint(mintUrl, quote.quote(), request, signature)), keyset);

        assertThat(proofs).extracting(Proof::amount).containsExactly(8L, 2L, 1L);
        assertThat(proofs).allSatisfy(p -> assertThat(p.dleq()).isPresent());
        List<String> ys = proofs.stream().map(p -> crypto.y(p.secret())).toList();
        assertThat(ok(mints.checkState(mintUrl, ys)))
                .extracting(ProofStateInfo::state)
                .containsOnly("UNSPENT");

        String token = codec.encode(EcashToken.of(mintUrl, SAT, proofs));
        assertThat(codec.decode(token)).isEqualTo(new Decoded.Token(EcashToken.of(mintUrl, SAT, proofs)));
        Received received = tsWallet.receive(token, true);
        assertThat(received.amount()).isEqualTo(11);
        assertThat(ok(mints.checkState(mintUrl, ys)))
                .extracting(ProofStateInfo::state)
                .containsOnly("SPENT");

        // NUT-09: the same counters give the same outputs, and the mint hands their signatures back.
        List<Output> again = crypto.deriveOutputs(seed, keyset.id(), 0, List.of(8L, 2L, 1L));
        assertThat(again).isEqualTo(outputs);
        Restored restored =
                ok(mints.restore(mintUrl, again.stream().map(Output::message).toList()));
        assertThat(restored.outputs()).containsExactlyElementsOf(request);
        assertThat(unblind(again, restored.signatures(), keyset)).isEqualTo(proofs);
    }

    @Test
    void a_second_mint_of_the_same_quote_is_a_typed_refusal() {
        Seed seed = crypto.seed(MNEMONIC);
        MintKeyset keyset = ok(mints.activeKeyset(mintUrl, SAT));
        MintQuoteInfo quote = ok(mints.createMintQuote(mintUrl, 4, SAT, Optional.empty()));
        List<BlindedMessage> first = crypto.deriveOutputs(seed, keyset.id(), 100, List.of(4L)).stream()
                .map(Output::message)
                .toList();
        ok(mints.mint(mintUrl, quote.quote(), first, Optional.empty()));
        List<BlindedMessage> second = crypto.deriveOutputs(seed, keyset.id(), 101, List.of(4L)).stream()
                .map(Output::message)
                .toList();

        Call<List<BlindSignature>> again = mints.mint(mintUrl, quote.quote(), second, Optional.empty());

        assertThat(again)
                .isInstanceOfSatisfying(
                        Call.Rejected.class,
                        r -> assertThat(r.refusal().kind()).isEqualTo(RefusalKind.QUOTE_ALREADY_ISSUED));
    }

    @Test
    void the_codec_reads_another_wallets_token_and_answers_a_malformed_one_as_a_value() {
        String token = tsWallet.mintToken(5).token();

        assertThat(codec.decode(token))
                .isInstanceOfSatisfying(
                        Decoded.Token.class, t -> assertThat(t.token().amount()).isEqualTo(5));
        assertThat(codec.decode("cashuBnot-a-token")).isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void a_signature_whose_dleq_proof_does_not_verify_is_not_unblinded() {
        Seed seed = crypto.seed(MNEMONIC);
        MintKeyset keyset = ok(mints.activeKeyset(mintUrl, SAT));
        MintQuoteInfo quote = ok(mints.createMintQuote(mintUrl, 1, SAT, Optional.empty()));
        List<Output> outputs = crypto.deriveOutputs(seed, keyset.id(), 200, List.of(1L));
        BlindSignature signed = ok(mints.mint(
                        mintUrl,
                        quote.quote(),
                        outputs.stream().map(Output::message).toList(),
                        Optional.empty()))
                .getFirst();
        // The key of another amount: the mint's DLEQ proof was made with the key for 1, not this one.
        BlindSignature tampered = new BlindSignature(1, signed.keysetId(), signed.signature(), signed.dleq());

        assertThat(crypto.unblind(outputs.getFirst(), tampered, keyset.key(2).orElseThrow()))
                .isInstanceOf(Unblinded.InvalidDleq.class);
    }

    private List<Proof> unblind(List<Output> outputs, List<BlindSignature> signatures, MintKeyset keyset) {
        assertThat(signatures).hasSameSizeAs(outputs);
        List<Proof> proofs = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            BlindSignature signature = signatures.get(i);
            Unblinded unblinded = crypto.unblind(
                    outputs.get(i), signature, keyset.key(signature.amount()).orElseThrow());
            assertThat(unblinded).isInstanceOf(Unblinded.Signed.class);
            proofs.add(((Unblinded.Signed) unblinded).proof());
        }
        return proofs;
    }

    private static <T> T ok(Call<T> call) {
        assertThat(call).isInstanceOf(Call.Ok.class);
        return ((Call.Ok<T>) call).value();
    }
}
