package io.routstr.gateway.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerCredentialTest {

    @Test
    void anSkKeyAfterBearerInAnyCaseIsAKey() {
        assertThat(BearerCredential.parse(Optional.of("Bearer sk-abc"))).isInstanceOf(BearerCredential.Key.class);
        assertThat(BearerCredential.parse(Optional.of("bearer   sk-abc "))).isInstanceOf(BearerCredential.Key.class);
    }

    @Test
    void aCashuTokenIsRecognisedAsSuch() {
        assertThat(BearerCredential.parse(Optional.of("Bearer cashuBo2F0gaJhaUgA")))
                .isEqualTo(new BearerCredential.CashuToken("cashuBo2F0gaJhaUgA"));
    }

    @Test
    void anythingElseIsUnrecognisedAndNothingIsMissing() {
        assertThat(BearerCredential.parse(Optional.of("Bearer not-a-key")))
                .isInstanceOf(BearerCredential.Unrecognised.class);
        assertThat(BearerCredential.parse(Optional.of("Bearer sk-"))).isInstanceOf(BearerCredential.Unrecognised.class);
        assertThat(BearerCredential.parse(Optional.of("Bearer "))).isInstanceOf(BearerCredential.Missing.class);
        assertThat(BearerCredential.parse(Optional.empty())).isInstanceOf(BearerCredential.Missing.class);
    }
}
