package io.routstr.gateway.cashu.lnurl;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.domain.money.Msats;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The human-readable part of BOLT11 invoices: network prefixes and the m/u/n/p amount multipliers. */
class Bolt11InvoiceTest {

    /** BOLT11's "$3 for a cup of coffee" example: 2500u on mainnet. */
    static final String BOLT11_EXAMPLE =
            "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxx"
                    + "atsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emud"
                    + "upq63nyw24cg27h2rspfj9srp";

    /** An invoice-shaped string with a valid checksum; the data part is filler. */
    static String invoice(String hrp) {
        return Bech32.encode(hrp, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    }

    @Test
    void readsTheBolt11Example() {
        assertThat(Bolt11Invoice.parse(BOLT11_EXAMPLE))
                .contains(new Bolt11Invoice("bc", Optional.of(Msats.ofSats(250_000))));
    }

    @Test
    void readsThePaymentHashOfTheBolt11Example() {
        // BOLT11's test vectors give this payment hash for every example invoice.
        assertThat(Bolt11Invoice.paymentHash(BOLT11_EXAMPLE))
                .contains("0001020304050607080900010203040506070809000102030405060708090102");
    }

    @Test
    void anInvoiceWithoutAValidChecksumOrPaymentHashHasNone() {
        assertThat(Bolt11Invoice.paymentHash(invoice("lnbc10n"))).isEmpty();
        assertThat(Bolt11Invoice.paymentHash(BOLT11_EXAMPLE.substring(0, BOLT11_EXAMPLE.length() - 1) + "q"))
                .isEmpty();
        assertThat(Bolt11Invoice.paymentHash("not an invoice")).isEmpty();
    }

    @Test
    void upperCaseInvoicesAreRead() {
        assertThat(Bolt11Invoice.parse(BOLT11_EXAMPLE.toUpperCase(java.util.Locale.ROOT)))
                .map(Bolt11Invoice::amount)
                .contains(Optional.of(Msats.ofSats(250_000)));
    }

    @ParameterizedTest
    @CsvSource({
        "lnbc1, 100000000000",
        "lnbc20m, 2000000000",
        "lnbc2500u, 250000000",
        "lnbc210n, 21000",
        "lnbc10p, 1",
        "lnbc12340p, 1234",
        "lntb5u, 500000",
        "lnbcrt7n, 700",
        "lntbs3m, 300000000"
    })
    void convertsTheAmountToMsats(String hrp, long msats) {
        assertThat(Bolt11Invoice.parse(invoice(hrp))).map(Bolt11Invoice::amount).contains(Optional.of(Msats.of(msats)));
    }

    @ParameterizedTest
    @CsvSource({"lnbc, bc", "lnbcrt, bcrt", "lntb, tb", "lntbs, tbs"})
    void readsTheNetworkOfAnAmountlessInvoice(String hrp, String network) {
        assertThat(Bolt11Invoice.parse(invoice(hrp))).contains(new Bolt11Invoice(network, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lnbc15p", // BOLT11: pico amounts must be whole msats
                "lnbc0n",
                "lnbc10x",
                "lnbcm",
                "lnsb10u",
                "lnxy10u",
                "bc10u",
                "lnbc99999999999999999m"
            })
    void refusesBadPrefixesAndAmounts(String hrp) {
        assertThat(Bolt11Invoice.parse(invoice(hrp))).isEmpty();
    }

    @Test
    void refusesABrokenChecksum() {
        String broken = BOLT11_EXAMPLE.substring(0, BOLT11_EXAMPLE.length() - 1) + "q";

        assertThat(Bolt11Invoice.parse(broken)).isEmpty();
    }
}
