package io.routstr.gateway.cashu.crypto;

/** Outcome of checking a proof's NUT-12 DLEQ: a missing DLEQ is not an error unless the caller requires one. */
public enum DleqVerdict {
    VALID,
    INVALID,
    ABSENT
}
