package io.routstr.gateway.domain.pricing;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What the request body says about the most it can make the upstream bill, before it is forwarded: an upper bound on
 * its prompt tokens, the output caps it asks for, how many choices it asks for and how many images it sends.
 *
 * <p>The prompt bound follows one rule: <b>one token is at least one UTF-8 byte</b>. Byte-level BPE and
 * SentencePiece-with-byte-fallback tokenizers never merge less than a byte into a token, so the bytes of the
 * serialized body the upstream bills (messages or input, system and instructions, tool and function definitions,
 * {@code response_format} schemas, with the JSON punctuation covering the chat template's per-message tokens) bound
 * its tokens. Parts whose tokens do not follow from their bytes are counted otherwise: an image at
 * {@link #IMAGE_TOKENS} (the largest of the OpenAI tile and patch rules, Anthropic's and Gemini's per-image sizes),
 * tool definitions add {@link #TOOLS_TOKENS} for the tool-use preamble an upstream inserts, and parts whose size is
 * not in the body at all (files, audio, stored previous responses, server-side tools) leave the prompt unbounded, so
 * that only the model's context length bounds it.
 *
 * @param promptTokens an upper bound on the prompt's tokens; empty when the body does not bound it
 * @param maxTokens {@code max_tokens} (Chat Completions, legacy Completions, Anthropic Messages)
 * @param maxCompletionTokens {@code max_completion_tokens} (Chat Completions, newer OpenAI models)
 * @param maxOutputTokens {@code max_output_tokens} (OpenAI Responses)
 * @param choices how many completions the upstream generates and bills: {@code n}, or {@code best_of} when larger
 * @param images images in the prompt, for a model that prices images apart ({@link ModelPrice#image()})
 */
public record RequestShape(
        OptionalLong promptTokens,
        OptionalLong maxTokens,
        OptionalLong maxCompletionTokens,
        OptionalLong maxOutputTokens,
        long choices,
        long images) {

    /** The tokens one image may cost, whatever its size or detail. */
    public static final long IMAGE_TOKENS = 8_192;

    /** The tokens an upstream adds to a prompt that defines tools (Anthropic's tool-use system prompt is ~350). */
    public static final long TOOLS_TOKENS = 1_024;

    /** Nothing known about the request: one choice, no image, any prompt the context allows, no output cap. */
    public static final RequestShape UNKNOWN = new RequestShape(
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 1, 0);

    public RequestShape {
        requireNonNegative(promptTokens, "prompt tokens");
        requireNonNegative(maxTokens, "max_tokens");
        requireNonNegative(maxCompletionTokens, "max_completion_tokens");
        requireNonNegative(maxOutputTokens, "max_output_tokens");
        if (choices < 1) {
            throw new IllegalArgumentException("a request asks for at least one choice: " + choices);
        }
        if (images < 0) {
            throw new IllegalArgumentException("images cannot be negative: " + images);
        }
    }

    public RequestShape withPromptTokens(long tokens) {
        return new RequestShape(
                OptionalLong.of(tokens), maxTokens, maxCompletionTokens, maxOutputTokens, choices, images);
    }

    public RequestShape withMaxTokens(long tokens) {
        return new RequestShape(
                promptTokens, OptionalLong.of(tokens), maxCompletionTokens, maxOutputTokens, choices, images);
    }

    public RequestShape withMaxCompletionTokens(long tokens) {
        return new RequestShape(promptTokens, maxTokens, OptionalLong.of(tokens), maxOutputTokens, choices, images);
    }

    public RequestShape withMaxOutputTokens(long tokens) {
        return new RequestShape(promptTokens, maxTokens, maxCompletionTokens, OptionalLong.of(tokens), choices, images);
    }

    public RequestShape withChoices(long count) {
        return new RequestShape(promptTokens, maxTokens, maxCompletionTokens, maxOutputTokens, count, images);
    }

    public RequestShape withImages(long count) {
        return new RequestShape(promptTokens, maxTokens, maxCompletionTokens, maxOutputTokens, choices, count);
    }

    /**
     * The output cap the request asks for, per choice: whichever of the three fields is present, the largest when
     * several are (an upstream may honour any one of them, so the reservation covers the largest).
     */
    public OptionalLong outputCap() {
        return Stream.of(maxTokens, maxCompletionTokens, maxOutputTokens)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max();
    }

    private static void requireNonNegative(OptionalLong value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value.getAsLong());
        }
    }
}
