/**
 * Token usage in one shape ({@link io.routstr.gateway.domain.usage.TokenUsage}), whichever dialect an upstream
 * reported it in (the upstream adapter normalises OpenAI Chat, OpenAI Responses, Anthropic, DeepSeek and OpenRouter
 * usage into it), and estimated from text when an upstream reports none.
 */
package io.routstr.gateway.domain.usage;
