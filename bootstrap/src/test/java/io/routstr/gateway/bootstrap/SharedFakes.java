package io.routstr.gateway.bootstrap;

import io.routstr.gateway.cashu.testmint.ts.CashuTsMint;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;

/**
 * The fakes that the shared test nodes ({@code @NodeOnTestMint}, {@code @NodeOnFakeWallet}) are configured with, one
 * of each for the whole test JVM: a context shared by many test classes must name the same URLs for all of them, so
 * these are never closed by a test class but when the JVM ends. Each is started on first use.
 *
 * <p>What a test changes on these is seen by every other test of the JVM: a test that reconfigures its mint (fees,
 * melt outcomes, dropped responses) or its price source starts one of its own, on a node of its own.
 */
public final class SharedFakes {

    /** The price every shared node reads from its exchanges: 1 BTC = 1000 USD, so that 1 USD = 10^8 msats. */
    public static final String BTC_USD = "1000";

    private SharedFakes() {}

    /** The BTC/USD price source ({@code /kraken}, {@code /coinbase}, {@code /binance} under its root). */
    public static FakeOpenAiServer prices() {
        return Prices.SERVER;
    }

    /** A cashu-ts test mint without input fees, paying its own invoices at once. */
    public static CashuTsMint mint() {
        return Mint.MINT;
    }

    // Holder classes: each fake starts when first asked for, not when the other is.
    private static final class Prices {
        static final FakeOpenAiServer SERVER =
                closedAtExit(FakeOpenAiServer.start().btcUsd(BTC_USD));
    }

    private static final class Mint {
        static final CashuTsMint MINT = closedAtExit(CashuTsMint.start(0));
    }

    /**
     * {@code fake}, closed when the JVM ends rather than by a test class: for a fake that a test class shares with its
     * subclass on another container ({@code @OnJetty}), each with a node of its own.
     */
    public static <T extends AutoCloseable> T closedAtExit(T fake) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                fake.close();
            } catch (Exception ignored) {
                // The JVM is ending; a fake that does not close leaves nothing a later run depends on.
            }
        }));
        return fake;
    }
}
