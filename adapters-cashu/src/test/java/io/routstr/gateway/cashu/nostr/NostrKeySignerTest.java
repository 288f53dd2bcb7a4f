package io.routstr.gateway.cashu.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.cashu.crypto.SchnorrSignature;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's Nostr key: NIP-19's published key pair, and events signed so that BIP-340 verification accepts them. */
class NostrKeySignerTest {

    // NIP-19's example key pair.
    private static final String SECRET_HEX = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";
    private static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private static final String PUBKEY = "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e";
    private static final String NPUB = "npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg";

    @Test
    void anNsecAndItsHexFormGiveNip19sPublicKeyAndNpub() {
        for (String key : List.of(NSEC, SECRET_HEX)) {
            NostrKeySigner signer = NostrKeySigner.of(key);

            assertThat(signer.publicKeyHex()).isEqualTo(PUBKEY);
            assertThat(signer.npub()).isEqualTo(NPUB);
        }
    }

    @Test
    void signsAnEventsIdSoThatBip340VerificationAcceptsIt() {
        NostrKeySigner signer = NostrKeySigner.of(NSEC);
        NostrEvent event = signer.sign(NostrEvent.unsigned(PUBKEY, 1_700_000_000, 1, List.of(List.of("t", "x")), "hi"));

        HexFormat hex = HexFormat.of();
        assertThat(SchnorrSignature.verify(hex.parseHex(PUBKEY), event.idBytes(), hex.parseHex(event.sig())))
                .isTrue();
    }

    @Test
    void withoutAKeyNothingIsSigned_andAMalformedKeyIsRefused() {
        assertThat(NostrKeySigner.of("").configured()).isFalse();
        assertThatThrownBy(() -> NostrKeySigner.of("").npub()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NostrKeySigner.of("nsec1notakey")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NostrKeySigner.of(NPUB)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGeneratedKeyIsAFreshValidKey_eachTime() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        String first = NostrKeySigner.generateSecretKeyHex(random);
        String second = NostrKeySigner.generateSecretKeyHex(random);

        assertThat(first).matches("[0-9a-f]{64}").isNotEqualTo(second);
        assertThat(NostrKeySigner.of(first).npub()).startsWith("npub1");
    }
}
