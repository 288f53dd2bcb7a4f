package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.admin.PasswordHashPort;

/**
 * {@link PasswordHashPort} with a stand-in hash, fast and deterministic (the real one is Argon2id in the adapter): the
 * hash never equals the password, and only the password it was made from matches it.
 */
public final class FakePasswordHash implements PasswordHashPort {

    @Override
    public String hash(String password) {
        return "hashed:" + new StringBuilder(password).reverse();
    }

    @Override
    public boolean matches(String password, String hash) {
        return hash(password).equals(hash);
    }
}
