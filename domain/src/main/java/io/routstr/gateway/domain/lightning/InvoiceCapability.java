package io.routstr.gateway.domain.lightning;

import io.routstr.gateway.domain.ecash.QuoteId;
import io.routstr.gateway.domain.key.ApiKeySecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The invoice id a client is handed ({@code invoice_id}): 128 random bits, the capability to the invoice's status and
 * to the key a paid create invoice opens. The node never stores it: the invoice row is found by its {@link #handle()},
 * a domain-separated hash, so that no stored value lets anyone read the status of an invoice or compute its key.
 */
public final class InvoiceCapability {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] HANDLE_DOMAIN = "routstr/invoice-id/v1".getBytes(StandardCharsets.US_ASCII);

    private final String value;

    private InvoiceCapability(String value) {
        this.value = value;
    }

    /** A fresh id: 16 random bytes, URL-safe base64, as Routstr's {@code token_urlsafe(16)}. */
    public static InvoiceCapability generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new InvoiceCapability(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** An id as a client presents it; whether it names an invoice is for the lookup by {@link #handle()} to say. */
    public static InvoiceCapability of(String presented) {
        Objects.requireNonNull(presented, "invoice id");
        return new InvoiceCapability(presented.strip());
    }

    /** What the invoice row is stored and found by: sha256("routstr/invoice-id/v1" || id), lowercase hex. */
    public String handle() {
        byte[] id = value.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[HANDLE_DOMAIN.length + id.length];
        System.arraycopy(HANDLE_DOMAIN, 0, input, 0, HANDLE_DOMAIN.length);
        System.arraycopy(id, 0, input, HANDLE_DOMAIN.length, id.length);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * The key a paid create invoice opens, {@code sk-} + sha256("invoice-<id>-<quote id>") as Routstr derives it. It
     * follows from the id, which only the client holds; the node keeps the key's hash alone.
     */
    public ApiKeySecret createdKey(QuoteId quoteId) {
        return ApiKeySecret.derivedFromToken("invoice-" + value + "-" + quoteId.value());
    }

    /** The id itself, for the one response that hands it to the client. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InvoiceCapability that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return handle().hashCode();
    }

    @Override
    public String toString() {
        return "invoice-id-****";
    }
}
