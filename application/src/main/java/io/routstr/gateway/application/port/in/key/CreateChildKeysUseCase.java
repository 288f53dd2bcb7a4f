package io.routstr.gateway.application.port.in.key;

/** Use case: a parent key creates child keys that spend from its balance within their own limits. */
public interface CreateChildKeysUseCase {

    ChildKeysOutcome create(CreateChildKeysCommand command);
}
