package io.routstr.gateway.domain.ecash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.key.ApiKeySecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenFingerprintTest {

    private static final String TOKEN = "cashuBo2FteBtodHRwczovL21pbnQuZXhhbXBsZS5jb20vYWJjYXVjc2F0";

    @Test
    void fingerprint_isNotTheValueTheTokensKeyIsDerivedFrom() throws Exception {
        String sha256OfToken = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        String key = ApiKeySecret.derivedFromToken(TOKEN).reveal();

        String fingerprint = TokenFingerprint.of(TOKEN).value();

        assertThat(key).isEqualTo("sk-" + sha256OfToken);
        assertThat(fingerprint).hasSize(64).isNotEqualTo(sha256OfToken).doesNotContain(sha256OfToken);
        assertThat(key).doesNotContain(fingerprint);
    }

    @Test
    void fingerprint_isDomainSeparatedHashOfTheTokensSha256_soStoredRowsCanBeMigratedWithoutTheToken()
            throws Exception {
        byte[] sha256OfToken = MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8));

        assertThat(TokenFingerprint.of(TOKEN))
                .isEqualTo(TokenFingerprint.fromTokenSha256(HexFormat.of().formatHex(sha256OfToken)));
    }

    @Test
    void sameToken_sameFingerprint_differentToken_differentFingerprint() {
        assertThat(TokenFingerprint.of(TOKEN)).isEqualTo(TokenFingerprint.of(TOKEN));
        assertThat(TokenFingerprint.of(TOKEN)).isNotEqualTo(TokenFingerprint.of(TOKEN + "x"));
    }

    @Test
    void aStoredFingerprint_parsesBackToTheSameValue() {
        TokenFingerprint fingerprint = TokenFingerprint.of(TOKEN);

        assertThat(TokenFingerprint.parse(fingerprint.value())).isEqualTo(fingerprint);
        assertThat(fingerprint.value()).matches("[0-9a-f]{64}");
    }

    @Test
    void aFingerprint_isExactly64LowercaseHexCharacters() {
        String valid = TokenFingerprint.of(TOKEN).value();

        assertThatThrownBy(() -> TokenFingerprint.parse(valid.toUpperCase(java.util.Locale.ROOT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFingerprint.parse(valid.substring(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFingerprint.parse(valid + "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFingerprint.parse("g" + valid.substring(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFingerprint.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenFingerprint.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTokenPassedForAFingerprint_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> TokenFingerprint.parse(TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(TOKEN);
    }
}
