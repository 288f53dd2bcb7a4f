package io.routstr.gateway.application.port.in.proxy;

/**
 * Use case: answer an LLM request through the cheapest provider that serves its model, billed exactly: reserve the
 * maximum cost, forward with no transaction open, charge what the usage says, release on failure.
 */
public interface ForwardLlmRequestUseCase {

    /** Forwards {@code command}; a streamed answer is written to {@code sink}, a whole one returned. */
    ForwardOutcome forward(ForwardLlmRequestCommand command, ResponseSink sink);
}
