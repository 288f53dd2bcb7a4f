package io.routstr.gateway.domain.nostr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Nostr event (NIP-01): its id is the SHA-256 of the canonical serialization {@code [0,pubkey,created_at,kind,tags,
 * content]}, and {@code sig} is a BIP-340 Schnorr signature of that id by {@code pubkey}. An unsigned event has an
 * empty signature; {@link #signed(String)} adds one.
 */
public record NostrEvent(String pubkey, long createdAt, int kind, List<List<String>> tags, String content, String sig) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX128 = Pattern.compile("[0-9a-f]{128}");

    public NostrEvent {
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sig, "sig");
        if (!HEX64.matcher(pubkey).matches()) {
            throw new IllegalArgumentException("a pubkey is 32 bytes of lower-case hex");
        }
        if (!sig.isEmpty() && !HEX128.matcher(sig).matches()) {
            throw new IllegalArgumentException("a signature is 64 bytes of lower-case hex");
        }
        if (createdAt < 0 || kind < 0 || kind > 65_535) {
            throw new IllegalArgumentException("created_at and kind must be in range");
        }
        tags = tags.stream().map(List::copyOf).toList();
    }

    /** An event to sign. */
    public static NostrEvent unsigned(
            String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        return new NostrEvent(pubkey, createdAt, kind, tags, content, "");
    }

    public NostrEvent signed(String signature) {
        return new NostrEvent(pubkey, createdAt, kind, tags, content, signature);
    }

    public boolean isSigned() {
        return !sig.isEmpty();
    }

    /** NIP-01's canonical serialization, the input of the id: no whitespace, JSON string escaping as JSON.stringify. */
    public String serialize() {
        StringBuilder out = new StringBuilder(128 + content.length());
        out.append("[0,");
        appendString(out, pubkey);
        out.append(',').append(createdAt).append(',').append(kind).append(',');
        appendTags(out);
        out.append(',');
        appendString(out, content);
        return out.append(']').toString();
    }

    /** The event id: lower-case hex SHA-256 of {@link #serialize()}. */
    public String id() {
        return HexFormat.of().formatHex(idBytes());
    }

    public byte[] idBytes() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(serialize().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The wire form {@code {"id","pubkey","created_at","kind","tags","content","sig"}} of a signed event. */
    public String toJson() {
        if (!isSigned()) {
            throw new IllegalStateException("only a signed event goes on the wire");
        }
        StringBuilder out = new StringBuilder(256 + content.length());
        out.append("{\"id\":\"").append(id()).append("\",\"pubkey\":\"").append(pubkey);
        out.append("\",\"created_at\":")
                .append(createdAt)
                .append(",\"kind\":")
                .append(kind)
                .append(",\"tags\":");
        appendTags(out);
        out.append(",\"content\":");
        appendString(out, content);
        out.append(",\"sig\":\"").append(sig).append("\"}");
        return out.toString();
    }

    /** The value of the first tag named {@code name}, or empty. */
    public String firstTag(String name) {
        return tags.stream()
                .filter(t -> t.size() > 1 && t.get(0).equals(name))
                .map(t -> t.get(1))
                .findFirst()
                .orElse("");
    }

    private void appendTags(StringBuilder out) {
        out.append('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[');
            List<String> tag = tags.get(i);
            for (int j = 0; j < tag.size(); j++) {
                if (j > 0) {
                    out.append(',');
                }
                appendString(out, tag.get(j));
            }
            out.append(']');
        }
        out.append(']');
    }

    /** A JSON string as JSON.stringify writes it, which is what NIP-01's escaping rules describe. */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
