package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuoteIdTest {

    @Test
    void aMintsQuoteId_isKeptExactlyAsSent() {
        assertThat(QuoteId.of("e2ZlYjQ1-Ab_9").value()).isEqualTo("e2ZlYjQ1-Ab_9");
        assertThat(QuoteId.of("x".repeat(256)).value()).hasSize(256);
    }

    @Test
    void aBlankTooLongOrControlCharacterQuoteId_isRefused() {
        assertThatThrownBy(() -> QuoteId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuoteId.of("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuoteId.of("x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuoteId.of("abc\ndef")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuoteId.of("abc\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuoteId.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aQuoteId_isABearerSecret_soItsTextIsNotInToString() {
        QuoteId quote = QuoteId.of("secret-quote-123");

        assertThat(quote.toString()).doesNotContain("secret-quote-123");
        assertThat(java.util.Optional.of(quote).toString()).doesNotContain("secret-quote-123");
    }
}
