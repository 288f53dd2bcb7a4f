package io.routstr.gateway.upstream.dialect;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A JSON document being written from another's bytes: runs of the original copied as they are, new values written
 * between them (by a {@code JsonGenerator} over this stream). A byte array that grows if the estimate of its size was
 * short.
 */
final class ByteSplice extends OutputStream {

    /** A value's bytes in a document: from its first byte to just after its last. */
    record Span(int start, int end) {

        /** {@code a} and {@code b}, those not null, in the order they come in the document. */
        static List<Span> inOrder(Span a, Span b) {
            if (a == null || b == null) {
                return a != null ? List.of(a) : b != null ? List.of(b) : List.of();
            }
            return a.start() < b.start() ? List.of(a, b) : List.of(b, a);
        }
    }

    private byte[] bytes;
    private int size;

    ByteSplice(int capacity) {
        this.bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** The original's bytes from {@code from} up to {@code to}. */
    void copy(byte[] source, int from, int to) {
        write(source, from, to - from);
    }

    /** Copies what was written from {@code from} up to {@code to} to the end. */
    void repeat(int from, int to) {
        int length = to - from;
        ensure(length);
        System.arraycopy(bytes, from, bytes, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /**
     * Whether {@code bytes} begin, after JSON's whitespace, with an ASCII brace: an object in UTF-8 without a byte
     * order mark, the only document whose bytes a splice may copy (Jackson also reads UTF-16 and UTF-32, and skips a
     * mark, where byte offsets would not be the document's or the mark would be copied on).
     */
    static boolean startsWithBrace(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** Whether nothing but JSON's whitespace follows {@code from} in {@code bytes}. */
    static boolean onlyWhitespaceAfter(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
