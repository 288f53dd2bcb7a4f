package io.routstr.gateway.persistence.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.contract.PasswordHashContract;
import io.routstr.gateway.application.port.out.admin.PasswordHashPort;
import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest extends PasswordHashContract {

    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Override
    protected PasswordHashPort hasher() {
        return hasher;
    }

    @Test
    void aHashIsArgon2idInPhcFormWithItsParametersAndAFreshSalt() {
        String first = hasher.hash("correct horse battery staple");
        String second = hasher.hash("correct horse battery staple");

        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second).doesNotContain("correct horse");
    }

    @Test
    void onlyThePasswordAHashWasMadeFromMatchesIt() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void aHashWithOtherParametersIsCheckedWithThoseParameters() {
        String cheaper = "$argon2id$v=19$m=8192,t=1,p=1$" + hash(8192, 1);

        assertThat(hasher.matches("password", cheaper)).isTrue();
        assertThat(hasher.matches("password", "$argon2i$v=19$m=8192,t=1,p=1$AAAA$AAAA"))
                .isFalse();
        assertThat(hasher.matches("password", "not a hash")).isFalse();
    }

    /** Salt and hash of "password" with these parameters, made through the hasher's own derivation. */
    private static String hash(int memory, int iterations) {
        byte[] salt = "somesaltsomesalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(1)
                .withSalt(salt)
                .build());
        byte[] out = new byte[32];
        generator.generateBytes("password".getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        return b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }
}
