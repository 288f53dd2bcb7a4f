/**
 * Token usage as upstreams report it, normalised from the OpenAI Chat, OpenAI Responses, Anthropic, DeepSeek and
 * OpenRouter dialects into one {@link io.routstr.gateway.domain.usage.TokenUsage}, and estimated from text when an
 * upstream reports none.
 */
package io.routstr.gateway.domain.usage;
