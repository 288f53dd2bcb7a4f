package io.routstr.gateway.cashu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routstr.gateway.domain.ecash.KeysetId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NUT-13 vectors (tests/13-tests.md). */
class DeterministicSecretsTest {

    private static final WalletSeed SEED = WalletSeed.fromMnemonic(
            "half depart obvious quality work element tank gorilla view sugar picture humble", "");

    @Test
    void mapsTheV1KeysetIdToItsDerivationIndex() {
        assertThat(DeterministicSecrets.keysetIndex(KeysetId.of("009a1f293253e41e")))
                .isEqualTo(864559728L);
    }

    @Test
    void derivesTheV1VectorSecretsAndBlindingFactors() {
        KeysetId keyset = KeysetId.of("009a1f293253e41e");
        List<String> secrets = List.of(
                "485875df74771877439ac06339e284c3acfcd9be7abf3bc20b516faeadfe77ae",
                "8f2b39e8e594a4056eb1e6dbb4b0c38ef13b1b2c751f64f810ec04ee35b77270",
                "bc628c79accd2364fd31511216a0fab62afd4a18ff77a20deded7b858c9860c8",
                "59284fd1650ea9fa17db2b3acf59ecd0f2d52ec3261dd4152785813ff27a33bf",
                "576c23393a8b31cc8da6688d9c9a96394ec74b40fdaf1f693a6bb84284334ea0");
        List<String> blindingFactors = List.of(
                "ad00d431add9c673e843d4c2bf9a778a5f402b985b8da2d5550bf39cda41d679",
                "967d5232515e10b81ff226ecf5a9e2e2aff92d66ebc3edf0987eb56357fd6248",
                "b20f47bb6ae083659f3aa986bfa0435c55c6d93f687d51a01f26862d9b9a4899",
                "fb5fca398eb0b1deb955a2988b5ac77d32956155f1c002a373535211a2dfdc29",
                "5f09bfbfe27c439a597719321e061e2e40aad4a36768bb2bcc3de547c9644bf9");

        for (int counter = 0; counter < 5; counter++) {
            DerivedSecret derived = DeterministicSecrets.derive(SEED, keyset, counter);

            assertThat(derived.secret()).as("secret_%d", counter).isEqualTo(secrets.get(counter));
            assertThat(derived.r().toHex()).as("r_%d", counter).isEqualTo(blindingFactors.get(counter));
        }
    }

    @Test
    void derivesTheV2VectorSecretsAndBlindingFactors() {
        KeysetId keyset = KeysetId.of("015ba18a8adcd02e715a58358eb618da4a4b3791151a4bee5e968bb88406ccf76a");
        List<String> secrets = List.of(
                "db5561a07a6e6490f8dadeef5be4e92f7cebaecf2f245356b5b2a4ec40687298",
                "b70e7b10683da3bf1cdf0411206f8180c463faa16014663f39f2529b2fda922e",
                "78a7ac32ccecc6b83311c6081b89d84bb4128f5a0d0c5e1af081f301c7a513f5",
                "094a2b6c63bfa7970bc09cda0e1cfc9cd3d7c619b8e98fabcfc60aea9e4963e5",
                "5e89fc5d30d0bf307ddf0a3ac34aa7a8ee3702169dafa3d3fe1d0cae70ecd5ef");
        List<String> blindingFactors = List.of(
                "6d26181a3695e32e9f88b80f039ba1ae2ab5a200ad4ce9dbc72c6d3769f2b035",
                "bde4354cee75545bea1a2eee035a34f2d524cee2bb01613823636e998386952e",
                "f40cc1218f085b395c8e1e5aaa25dccc851be3c6c7526a0f4e57108f12d6dac4",
                "099ed70fc2f7ac769bc20b2a75cb662e80779827b7cc358981318643030577d0",
                "5550337312d223ba62e3f75cfe2ab70477b046d98e3e71804eade3956c7b98cf");

        for (int counter = 0; counter < 5; counter++) {
            DerivedSecret derived = DeterministicSecrets.derive(SEED, keyset, counter);

            assertThat(derived.secret()).as("secret_%d", counter).isEqualTo(secrets.get(counter));
            assertThat(derived.r().toHex()).as("r_%d", counter).isEqualTo(blindingFactors.get(counter));
        }
    }

    @Test
    void refusesToDeriveForAShortKeysetId() {
        KeysetId shortId = KeysetId.of("015ba18a8adcd02e");

        assertThatThrownBy(() -> DeterministicSecrets.derive(SEED, shortId, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNegativeCounters() {
        assertThatThrownBy(() -> DeterministicSecrets.derive(SEED, KeysetId.of("009a1f293253e41e"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsDerivedSecretsAndSeedsOutOfLogs() {
        DerivedSecret derived = DeterministicSecrets.derive(SEED, KeysetId.of("009a1f293253e41e"), 0);

        assertThat(derived.toString()).doesNotContain(derived.secret());
        assertThat(SEED.toString()).contains("redacted");
    }
}
