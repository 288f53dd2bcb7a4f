package io.routstr.gateway.persistence.limits;

import io.routstr.gateway.domain.key.ApiKeyId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which keys have limits of their own, as listed at most {@code rememberFor} ago. Few keys have any, so one list read
 * every few seconds answers for every key not on it, which then needs no read of its own: a key opened by an
 * {@code X-Cashu} token pays for one request and is never asked again, so remembering it per key saved nothing. When the
 * list source answers that there are too many to list, every key {@link #mayHave may have} some (each is then read and
 * remembered on its own, as before).
 *
 * <p>One read at a time: requests that find the list outdated while it is being read use the outdated list (limits move
 * no money; another instance's changes already take up to {@code rememberFor} to apply here), and only requests that
 * find no list at all wait for the read. Limits set through this instance apply at once ({@link #added}), and go on
 * applying until a list read after them includes them.
 */
final class KeysWithOwnLimits {

    private final Supplier<Optional<Set<ApiKeyId>>> list;
    private final long rememberForNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock reading = new ReentrantLock();
    /** Keys given limits through this instance, with when: until a list read after that includes them. */
    private final ConcurrentHashMap<ApiKeyId, Long> addedHere = new ConcurrentHashMap<>();

    private volatile Listed listed;

    /** {@code list}: the keys with limits of their own, or empty when there are too many to list. */
    KeysWithOwnLimits(Supplier<Optional<Set<ApiKeyId>>> list, Duration rememberFor, LongSupplier nanoTime) {
        this.list = list;
        this.rememberForNanos = rememberFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** False only for a key the list says has no limits of its own. */
    boolean mayHave(ApiKeyId key) {
        Listed current = listed;
        if (current == null) {
            reading.lock();
            try {
                current = listed == null ? read() : listed;
            } finally {
                reading.unlock();
            }
        } else if (nanoTime.getAsLong() - current.readAtNanos() >= rememberForNanos && reading.tryLock()) {
            try {
                current = listed == current ? read() : listed;
            } finally {
                reading.unlock();
            }
        }
        return addedHere.containsKey(key)
                || current.keys().map(keys -> keys.contains(key)).orElse(true);
    }

    /** {@code key} was just given limits through this instance (after their commit). */
    void added(ApiKeyId key) {
        addedHere.put(key, nanoTime.getAsLong());
    }

    private Listed read() {
        long startedAt = nanoTime.getAsLong();
        Listed read = new Listed(list.get().map(Set::copyOf), startedAt);
        listed = read;
        // A key added before this read began is on the list now (its limits were committed before the added() call).
        addedHere.values().removeIf(addedAt -> addedAt - startedAt < 0);
        return read;
    }

    private record Listed(Optional<Set<ApiKeyId>> keys, long readAtNanos) {}
}
