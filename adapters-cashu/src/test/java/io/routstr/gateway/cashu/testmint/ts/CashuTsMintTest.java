package io.routstr.gateway.cashu.testmint.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.MintedToken;
import io.routstr.gateway.cashu.testmint.ts.CashuTsWallet.Received;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cashu-ts test mint and wallet CLI behave as the Java wallet's integration tests expect. */
class CashuTsMintTest {

    private static CashuTsMint feeFree;
    private static CashuTsMint withFee;
    private static CashuTsWallet feeFreeWallet;
    private static CashuTsWallet withFeeWallet;

    @BeforeAll
    static void startMints() {
        feeFree = CashuTsMint.start(0);
        withFee = CashuTsMint.start(100);
        feeFreeWallet = new CashuTsWallet(feeFree);
        withFeeWallet = new CashuTsWallet(withFee);
    }

    @AfterAll
    static void stopMints() {
        for (AutoCloseable resource : new AutoCloseable[] {feeFreeWallet, withFeeWallet, feeFree, withFee}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static CashuTsWallet wallet(int ppk) {
        return ppk == 0 ? feeFreeWallet : withFeeWallet;
    }

    private static CashuTsMint mint(int ppk) {
        return switch (ppk) {
            case 0 -> feeFree;
            case 100 -> withFee;
            default -> throw new IllegalArgumentException("no shared mint with input_fee_ppk " + ppk);
        };
    }

    private static long inputFee(int proofs, int ppk) {
        return (proofs * (long) ppk + 999) / 1000;
    }

    @ParameterizedTest(name = "input_fee_ppk={0}")
    @ValueSource(ints = {0, 100})
    void keysetsReportTheConfiguredFee(int ppk) {
        CashuTsMint mint = mint(ppk);
        assertThat(mint.keysets()).extracting(k -> k.path("unit").asText()).containsExactlyInAnyOrder("sat", "msat");
        assertThat(mint.keysets()).allSatisfy(k -> {
            assertThat(k.path("input_fee_ppk").asInt()).isEqualTo(ppk);
            assertThat(k.path("active").asBoolean()).isTrue();
            assertThat(k.path("id").asText()).startsWith("01").hasSize(66);
        });
        assertThat(mint.getOk("/v1/keys").path("keysets"))
                .allSatisfy(k -> assertThat(k.path("input_fee_ppk").asInt()).isEqualTo(ppk));
    }

    @ParameterizedTest(name = "input_fee_ppk={0}")
    @ValueSource(ints = {0, 100})
    void mintedTokenIsReceivedOnceThenReportedSpent(int ppk) {
        CashuTsWallet wallet = wallet(ppk);
        MintedToken minted = wallet.mintToken(100);
        assertThat(minted.token()).startsWith("cashuB");
        assertThat(minted.amount()).isEqualTo(100);
        assertThat(minted.proofs())
                .allSatisfy(p -> assertThat(p.path("dleq").path("r").asText()).hasSize(64));

        long fee = inputFee(minted.proofCount(), ppk);
        Received received = wallet.receive(minted.token());
        assertThat(received.fee()).isEqualTo(fee);
        assertThat(received.amount()).isEqualTo(100 - fee);

        assertThatThrownBy(() -> wallet.receive(minted.token()))
                .isInstanceOfSatisfying(
                        CashuTsClientException.class,
                        e -> assertThat(e.mintErrorCode()).hasValue(11001));
        assertThat(mint(ppk).checkState(minted.ys()))
                .hasSize(minted.proofCount())
                .containsOnly("SPENT");
        assertThat(mint(ppk).checkState(received.ys())).isNotEmpty().containsOnly("UNSPENT");
    }

    @Test
    void v3AndMsatTokensRoundTrip() {
        CashuTsWallet wallet = feeFreeWallet;
        MintedToken v3 = wallet.mintToken(21, "sat", true);
        assertThat(v3.token()).startsWith("cashuA");
        JsonNode decoded = wallet.decode(v3.token());
        assertThat(decoded.path("version").asInt()).isEqualTo(3);
        assertThat(decoded.path("mint").asText()).isEqualTo(feeFree.url());
        assertThat(decoded.path("amount").asLong()).isEqualTo(21);
        assertThat(decoded.path("proofs")).isEqualTo(v3.proofs());
        assertThat(wallet.receive(v3.token()).amount()).isEqualTo(21);
        assertThat(wallet.checkState(v3.token())).containsOnly("SPENT");

        MintedToken withDleq = wallet.mintToken(3);
        assertThat(wallet.receive(withDleq.token(), true).amount()).isEqualTo(3);

        MintedToken msat = wallet.mintToken(1_500, "msat", false);
        Received received = wallet.receive(msat.token());
        assertThat(received.unit()).isEqualTo("msat");
        assertThat(received.amount()).isEqualTo(1_500);
    }

    @ParameterizedTest(name = "input_fee_ppk={0}")
    @ValueSource(ints = {0, 100})
    void swapEnforcesBalanceFreshOutputsAndKnownKeysets(int ppk) {
        CashuTsMint mint = mint(ppk);
        CashuTsWallet wallet = wallet(ppk);
        String keyset = mint.activeKeysetId("sat");
        JsonNode keys = mint.getOk("/v1/keys/" + keyset).path("keysets").get(0).path("keys");
        // Any valid curve point is a well-formed B_, and one nobody signed yet: random-enough ones are the keys
        // of high amounts (each test run uses its own pair, the mint is shared).
        String pointA = keys.path(ppk == 0 ? "1024" : "4096").asText();
        String pointB = keys.path(ppk == 0 ? "2048" : "8192").asText();

        // 6 = 2 + 4: two single-proof input sets from one mint-token call.
        MintedToken minted = wallet.mintToken(6);
        ArrayNode inputsA = inputs(minted, 2);
        ArrayNode inputsB = inputs(minted, 4);
        assertThat(inputsA).hasSize(1);
        assertThat(inputsB).hasSize(1);
        long balanced = 2 - inputFee(1, ppk);
        long unbalanced = balanced == 2 ? 1 : 2;

        assertThat(swap(mint, inputsA, keyset, unbalanced, pointB).code()).isEqualTo(11005);

        CashuTsMint.Response ok = swap(mint, inputsA, keyset, balanced, pointA);
        assertThat(ok.status()).isEqualTo(200);
        JsonNode signature = ok.body().path("signatures").get(0);
        assertThat(signature.path("amount").asLong()).isEqualTo(balanced);
        assertThat(signature.path("id").asText()).isEqualTo(keyset);
        assertThat(signature.path("C_").asText()).hasSize(66);
        assertThat(signature.path("dleq").path("e").asText()).hasSize(64);
        assertThat(signature.path("dleq").path("s").asText()).hasSize(64);

        // NUT-19: the identical request is answered from the cache, not with 11001.
        assertThat(swap(mint, inputsA, keyset, balanced, pointA).body()).isEqualTo(ok.body());
        // Another request spending the same proofs is a double spend.
        assertThat(swap(mint, inputsA, keyset, balanced, pointB).code()).isEqualTo(11001);

        // Inputs and outputs are checked before the balance, so these requests need not balance.
        long anyAmount = 1;
        assertThat(swap(mint, inputsB, keyset, anyAmount, pointA).code()).isEqualTo(11003);

        ArrayNode unknownKeyset = inputsB.deepCopy();
        ((ObjectNode) unknownKeyset.get(0)).put("id", "01" + "ab".repeat(32));
        assertThat(swap(mint, unknownKeyset, keyset, anyAmount, pointB).code()).isEqualTo(12001);

        ArrayNode forged = inputsB.deepCopy();
        ((ObjectNode) forged.get(0)).put("C", pointA);
        assertThat(swap(mint, forged, keyset, anyAmount, pointB).code()).isEqualTo(10001);

        JsonNode restored =
                mint.postOk("/v1/restore", Map.of("outputs", List.of(Map.of("amount", 1, "id", keyset, "B_", pointA))));
        assertThat(restored.path("signatures")).hasSize(1);
        assertThat(restored.path("signatures").get(0)).isEqualTo(signature);
    }

    @Test
    void meltPaysAnExternalInvoiceAndReturnsChange() {
        CashuTsWallet wallet = withFeeWallet;
        MintedToken minted = wallet.mintToken(100);
        CashuTsWallet.Melted melted = wallet.melt(minted.token(), withFee.externalInvoice(40_000));
        assertThat(melted.state()).isEqualTo("PAID");
        assertThat(melted.amount()).isEqualTo(40);
        assertThat(melted.feeReserve()).isEqualTo(2);
        assertThat(melted.paymentPreimage()).hasSize(64);
        assertThat(melted.change()).isPositive();
        // 100 = 40 paid + 1 routing fee + input fees + what is left
        assertThat(melted.remaining()).isBetween(100L - 41 - 3, 100L - 41 - 1);
        assertThat(withFee.getOk("/v1/melt/quote/bolt11/" + melted.quote())
                        .path("state")
                        .asText())
                .isEqualTo("PAID");
        assertThat(withFee.checkState(minted.ys())).contains("SPENT");
        assertThat(wallet.receive(melted.token()).amount()).isPositive();
    }

    @Test
    void manualPayKeepsMintQuotesUnpaidUntilPaid() {
        try (CashuTsMint mint = CashuTsMint.builder().manualPay().units("sat").start();
                CashuTsWallet wallet = new CashuTsWallet(mint)) {
            JsonNode quote = mint.postOk("/v1/mint/quote/bolt11", Map.of("amount", 5, "unit", "sat"));
            String id = quote.path("quote").asText();
            assertThat(quote.path("state").asText()).isEqualTo("UNPAID");
            assertThat(quote.path("request").asText()).startsWith("lnbc50n1");
            String keyset = mint.activeKeysetId("sat");
            String point = mint.getOk("/v1/keys")
                    .path("keysets")
                    .get(0)
                    .path("keys")
                    .path("1")
                    .asText();
            Map<String, Object> mintRequest =
                    Map.of("quote", id, "outputs", List.of(Map.of("amount", 5, "id", keyset, "B_", point)));
            assertThat(mint.post("/v1/mint/bolt11", mintRequest).code()).isEqualTo(20001);

            assertThat(mint.pay(id).path("state").asText()).isEqualTo("PAID");
            assertThat(mint.getOk("/v1/mint/quote/bolt11/" + id).path("state").asText())
                    .isEqualTo("PAID");
            // The CLI pays its own quotes through the test control.
            assertThat(wallet.mintToken(8).amount()).isEqualTo(8);
        }
    }

    @Test
    void keysetIdsAreDeterministicPerSeedAndFee() {
        try (CashuTsMint again = CashuTsMint.start(100)) {
            assertThat(again.activeKeysetId("sat")).isEqualTo(withFee.activeKeysetId("sat"));
            assertThat(again.activeKeysetId("sat")).isNotEqualTo(feeFree.activeKeysetId("sat"));
        }
    }

    private static CashuTsMint.Response swap(
            CashuTsMint mint, ArrayNode inputs, String keyset, long amount, String blinded) {
        ObjectNode body = CashuTsMint.object();
        body.set("inputs", inputs);
        body.putArray("outputs")
                .addObject()
                .put("amount", amount)
                .put("id", keyset)
                .put("B_", blinded);
        return mint.post("/v1/swap", body);
    }

    /** The minted proofs of one amount as swap inputs, without DLEQ proofs (they hold the blinding factor r). */
    private static ArrayNode inputs(MintedToken minted, long amount) {
        ArrayNode inputs = NodeTooling.JSON.createArrayNode();
        for (JsonNode proof : minted.proofs()) {
            if (proof.path("amount").asLong() != amount) {
                continue;
            }
            ObjectNode input = proof.deepCopy();
            input.remove("dleq");
            inputs.add(input);
        }
        return inputs;
    }
}
