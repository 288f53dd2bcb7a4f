package io.routstr.gateway.domain.ecash;

/** Why a Cashu token was not redeemed, with Routstr's error types and codes (reference §11). */
public enum RedemptionFailure {
    ALREADY_SPENT("token_already_spent", "cashu_token_already_spent", true),
    INVALID_TOKEN("invalid_token", "invalid_cashu_token", true),
    ZERO_VALUE("cashu_error", "cashu_token_zero_value", true),
    FEES_EXCEED_AMOUNT("mint_error", "cashu_token_swap_fees_exceed_amount", true),
    UNTRUSTED_MINT("untrusted_mint", "cashu_untrusted_source_mint", true),
    WRONG_UNIT("cashu_error", "cashu_token_redemption_failed", true),
    MINT_UNREACHABLE("mint_unreachable", "cashu_mint_unreachable", false),
    MINT_RATE_LIMITED("mint_rate_limited", "cashu_mint_rate_limited", false),
    /**
     * The mint may have taken the proofs without our learning the outcome: recovery settles it and the ledger credits
     * the token once, so the client retries the same token later.
     */
    OUTCOME_UNKNOWN("token_consumed", "cashu_token_consumed", false),
    FAILED("cashu_error", "cashu_token_redemption_failed", false);

    private final String type;
    private final String code;
    private final boolean terminal;

    RedemptionFailure(String type, String code, boolean terminal) {
        this.type = type;
        this.code = code;
        this.terminal = terminal;
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
