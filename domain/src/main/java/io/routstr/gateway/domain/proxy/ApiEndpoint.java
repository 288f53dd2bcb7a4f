package io.routstr.gateway.domain.proxy;

import java.util.Locale;

/**
 * The OpenAI-compatible endpoints the proxy knows how to bill (Routstr §2.4); anything else is {@link #OTHER}: an
 * operator's extra allowed path ({@link ProxyAllowlist}), forwarded as it is and billed per request.
 */
public enum ApiEndpoint {
    CHAT_COMPLETIONS("chat/completions"),
    COMPLETIONS("completions"),
    EMBEDDINGS("embeddings"),
    RESPONSES("responses"),
    MESSAGES("messages"),
    /** Audio transcription: a {@code multipart/form-data} body with the audio file and the {@code model} field. */
    AUDIO_TRANSCRIPTIONS("audio/transcriptions"),
    /** Audio translation into English, multipart like {@link #AUDIO_TRANSCRIPTIONS}. */
    AUDIO_TRANSLATIONS("audio/translations"),
    /** Image edits: a multipart body with the image(s), the prompt and the {@code model} field. */
    IMAGES_EDITS("images/edits"),
    /** Image variations, multipart like {@link #IMAGES_EDITS}. */
    IMAGES_VARIATIONS("images/variations"),
    OTHER("");

    private final String path;

    ApiEndpoint(String path) {
        this.path = path;
    }

    /** The path below the API root, without a leading slash. */
    public String path() {
        return path;
    }

    /**
     * Whether a request here is billed per request (the model's request price, else the fixed cost per request) rather
     * than from token usage: its body does not say what it costs in tokens (an audio file, an image, an extra path).
     */
    public boolean billedPerRequest() {
        return switch (this) {
            case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS, IMAGES_EDITS, IMAGES_VARIATIONS, OTHER -> true;
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, RESPONSES, MESSAGES -> false;
        };
    }

    /** The endpoint of {@code path} (with or without a leading {@code /}, {@code v1/} and trailing slash). */
    public static ApiEndpoint of(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.startsWith("v1/")) {
            p = p.substring(3);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (ApiEndpoint endpoint : values()) {
            if (endpoint != OTHER && endpoint.path.equals(p)) {
                return endpoint;
            }
        }
        return OTHER;
    }
}
