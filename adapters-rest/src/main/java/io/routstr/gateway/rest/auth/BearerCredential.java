package io.routstr.gateway.rest.auth;

import io.routstr.gateway.domain.key.ApiKeySecret;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client presented in {@code Authorization}: an {@code sk-} key, a Cashu token used as a key (Routstr §3.2),
 * or something else. Parsing never fails; the caller decides what each case means.
 */
public sealed interface BearerCredential {

    /** An {@code sk-…} API key. */
    record Key(ApiKeySecret secret) implements BearerCredential {}

    /** A {@code cashuA…}/{@code cashuB…} token presented as the bearer value. */
    record CashuToken(String token) implements BearerCredential {}

    /** A header that is present but neither: Routstr answers 401 {@code invalid_api_key}. */
    record Unrecognised() implements BearerCredential {}

    /** No usable header at all: 401 {@code missing_api_key}. */
    record Missing() implements BearerCredential {}

    /**
     * Parses an {@code Authorization} value: the scheme {@code Bearer} is case-insensitive (as Routstr's proxy reads
     * it) and surrounding whitespace is ignored.
     */
    static BearerCredential parse(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return new Missing();
        }
        String value = header.get().strip();
        if (value.equalsIgnoreCase("bearer")) {
            return new Missing();
        }
        int space = value.indexOf(' ');
        String credential = value;
        if (space > 0 && value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            credential = value.substring(space + 1).strip();
        }
        if (credential.isEmpty()) {
            return new Missing();
        }
        if (credential.startsWith("cashuA") || credential.startsWith("cashuB")) {
            return new CashuToken(credential);
        }
        if (credential.startsWith(ApiKeySecret.PREFIX)) {
            try {
                return new Key(ApiKeySecret.parse(credential));
            } catch (IllegalArgumentException e) {
                return new Unrecognised();
            }
        }
        return new Unrecognised();
    }
}
