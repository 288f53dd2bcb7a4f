package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.money.Msats;
import java.util.List;

/** What came of creating child keys. */
public sealed interface ChildKeysOutcome {

    /** The new keys' secrets, shown to the parent's owner this once, and what they cost. */
    record Created(List<ApiKeySecret> secrets, Msats cost, Msats parentSpendable) implements ChildKeysOutcome {}

    record InsufficientBalance(Msats required, Msats available) implements ChildKeysOutcome {}

    /** A child key cannot create children. */
    record ParentIsChild() implements ChildKeysOutcome {}

    record UnknownParent() implements ChildKeysOutcome {}
}
