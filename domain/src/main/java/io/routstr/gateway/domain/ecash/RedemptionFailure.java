package io.routstr.gateway.domain.ecash;

/**
 * Why a Cashu token was not redeemed, with Routstr's error types and codes (reference §11) and the one message a client
 * is shown for it: the wallet's own detail (a mint's answer, a transport error) stays in the node's log.
 */
public enum RedemptionFailure {
    ALREADY_SPENT("token_already_spent", "cashu_token_already_spent", true, "Token already spent"),
    INVALID_TOKEN("invalid_token", "invalid_cashu_token", true, "Invalid Cashu token"),
    ZERO_VALUE("cashu_error", "cashu_token_zero_value", true, "Token has no value"),
    FEES_EXCEED_AMOUNT("mint_error", "cashu_token_swap_fees_exceed_amount", true, "Mint fees exceed the token amount"),
    UNTRUSTED_MINT(
            "untrusted_mint", "cashu_untrusted_source_mint", true, "The token's mint is not trusted by this node"),
    WRONG_UNIT("cashu_error", "cashu_token_redemption_failed", true, "The token's unit is not accepted for this mint"),
    /**
     * The token holds more proofs than the node redeems in one go ({@code MAX_PROOFS_PER_TOKEN}): refused before any
     * row is written or any mint is called, and not remembered, so the token stays the client's (to swap into fewer
     * proofs, or to present to a node that allows more).
     */
    TOO_MANY_PROOFS(
            "invalid_token",
            "cashu_token_too_many_proofs",
            false,
            "The token holds too many proofs; swap it into fewer proofs and retry"),
    /**
     * A top-up token from another mint or unit than the key's refund mint: a key's balance is owed at one mint, so
     * its refund must find the deposit's proofs there. Refused before redemption; the token stays the client's.
     */
    MINT_MISMATCH(
            "cashu_error",
            "cashu_token_mint_mismatch",
            false,
            "This key is refunded at another mint; top it up with ecash of its own mint and unit"),
    MINT_UNREACHABLE("mint_unreachable", "cashu_mint_unreachable", false, "Mint service unavailable"),
    MINT_RATE_LIMITED("mint_rate_limited", "cashu_mint_rate_limited", false, "Mint is rate limiting; retry later"),
    /**
     * The mint may have taken the proofs without our learning the outcome: recovery settles it and the ledger credits
     * the token once, so the client retries the same token later.
     */
    OUTCOME_UNKNOWN(
            "token_consumed",
            "cashu_token_consumed",
            false,
            "The mint's answer for this token is not settled yet; retry in a minute with the same token to receive"
                    + " its credit"),
    FAILED("cashu_error", "cashu_token_redemption_failed", false, "Token redemption failed");

    private final String type;
    private final String code;
    private final boolean terminal;
    private final String clientMessage;

    RedemptionFailure(String type, String code, boolean terminal, String clientMessage) {
        this.type = type;
        this.code = code;
        this.terminal = terminal;
        this.clientMessage = clientMessage;
    }

    /** What a client is told; fixed per failure so that no internal detail reaches it. */
    public String clientMessage() {
        return clientMessage;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    /** A terminal failure is final for this token: remembered, and never sent to the mint again. */
    public boolean terminal() {
        return terminal;
    }
}
