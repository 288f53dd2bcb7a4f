package io.routstr.gateway.application.service.admin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings an operator may change at run time: those the node reads each time it uses them (the node's public
 * description in {@code /v1/info} and its Nostr listing). Everything else is read once at start-up into the beans
 * that use it, so it changes in the environment and with a restart.
 */
public enum EditableSetting {
    NAME(Kind.TEXT, 1, 100),
    DESCRIPTION(Kind.TEXT, 0, 1_000),
    HTTP_URL(Kind.URL, 0, 500),
    ONION_URL(Kind.URL, 0, 500);

    private enum Kind {
        TEXT,
        URL
    }

    private static final Pattern URL = Pattern.compile("https?://[^\\s/?#]+(?::\\d+)?(?:/\\S*)?");

    private final Kind kind;
    private final int minLength;
    private final int maxLength;

    EditableSetting(Kind kind, int minLength, int maxLength) {
        this.kind = kind;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /** The setting of environment name {@code name} in any case, if it is editable. */
    public static Optional<EditableSetting> named(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        for (EditableSetting setting : values()) {
            if (setting.name().equals(wanted)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /** What is wrong with {@code value} for this setting, if anything. */
    public Optional<String> problem(String value) {
        String v = value.strip();
        if (v.length() < minLength || v.length() > maxLength) {
            return Optional.of(name() + " is " + minLength + " to " + maxLength + " characters");
        }
        if (v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            return Optional.of(name() + " holds control characters");
        }
        if (kind == Kind.URL && !v.isEmpty() && !URL.matcher(v).matches()) {
            return Optional.of(name() + " is an http:// or https:// URL");
        }
        return Optional.empty();
    }
}
