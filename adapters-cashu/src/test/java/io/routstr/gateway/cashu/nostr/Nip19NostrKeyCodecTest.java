package io.routstr.gateway.cashu.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Nip19NostrKeyCodecTest {

    // NIP-19's example: this nsec encodes the hex key below.
    private static final String NSEC = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private static final String HEX = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";

    private final Nip19NostrKeyCodec codec = new Nip19NostrKeyCodec();

    @Test
    void anNsecAndItsHexAreTheSameKey() {
        assertThat(codec.secretKeyHex(NSEC)).hasValue(HEX);
        assertThat(codec.secretKeyHex(HEX.toUpperCase())).hasValue(HEX);
    }

    @Test
    void anythingElseIsNoKey() {
        assertThat(codec.secretKeyHex("nsec1notakey")).isEmpty();
        assertThat(codec.secretKeyHex("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6"))
                .isEmpty();
        assertThat(codec.secretKeyHex("abc")).isEmpty();
        assertThat(codec.secretKeyHex("0".repeat(64))).isEmpty();
    }
}
