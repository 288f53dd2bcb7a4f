package io.routstr.gateway.application.port.out.admin;

/** Port: a slow, salted password hash (Argon2id) for the operator's password; the hash string carries its parameters. */
public interface PasswordHashPort {

    String hash(String password);

    /** Whether {@code password} is the one {@code hash} was made from, compared in constant time. */
    boolean matches(String password, String hash);
}
