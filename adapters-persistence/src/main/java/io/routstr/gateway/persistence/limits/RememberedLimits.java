package io.routstr.gateway.persistence.limits;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.RateLimits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The keys' own limits as read at most {@code rememberFor} ago: most keys have none, and reading that again for each of
 * their requests would cost a database round trip to count nothing. One read at a time per key: the requests that find
 * a key's limits outdated while a read of them is on its way wait for that read instead of each sending their own (64
 * requests on one key were up to 64 reads at once every few seconds).
 */
final class RememberedLimits {

    private static final int MAX_REMEMBERED = 100_000;

    private final Function<ApiKeyId, RateLimits> read;
    private final long rememberForNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<ApiKeyId, Remembered> remembered = new ConcurrentHashMap<>();

    RememberedLimits(Function<ApiKeyId, RateLimits> read, Duration rememberFor, LongSupplier nanoTime) {
        this.read = read;
        this.rememberForNanos = rememberFor.toNanos();
        this.nanoTime = nanoTime;
    }

    RateLimits of(ApiKeyId key) {
        long nowNanos = nanoTime.getAsLong();
        Remembered known = remembered.get(key);
        if (known != null && nowNanos - known.readAtNanos() < rememberForNanos) {
            return known.await();
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            // Bounded memory: forgetting only costs the next requests one read each.
            remembered.clear();
        }
        Remembered mine = new Remembered(new CompletableFuture<>(), nowNanos);
        boolean reader =
                known == null ? remembered.putIfAbsent(key, mine) == null : remembered.replace(key, known, mine);
        if (!reader) {
            // Another request began a read first (or the limits were just forgotten): that one answers for this one.
            Remembered other = remembered.get(key);
            return other != null ? other.await() : read.apply(key);
        }
        try {
            RateLimits limits = read.apply(key);
            mine.limits().complete(limits);
            return limits;
        } catch (RuntimeException | Error failed) {
            // Not remembered: the next request reads again.
            remembered.remove(key, mine);
            mine.limits().completeExceptionally(failed);
            throw failed;
        }
    }

    /** Limits just set through this instance apply here at once. */
    void forget(ApiKeyId key) {
        remembered.remove(key);
    }

    /** A key's own limits, read or on their way, and when their read began. */
    private record Remembered(CompletableFuture<RateLimits> limits, long readAtNanos) {

        RateLimits await() {
            try {
                return limits.join();
            } catch (CompletionException failed) {
                // The reader's failure, as this request's own read would have met it.
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw failed;
            }
        }
    }
}
