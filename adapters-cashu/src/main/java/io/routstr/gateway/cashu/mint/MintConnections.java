package io.routstr.gateway.cashu.mint;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The connections one mint's calls go out on, none of them kept idle long enough for the mint to close it first.
 *
 * <p>Mints close a keep-alive connection after a few idle seconds (a Node server and uvicorn after 5 s), while the
 * JDK's client keeps one for 30 s, a JVM-wide setting ({@code jdk.httpclient.keepalive.timeout}) read once. A swap
 * sent on a connection the mint has just closed fails after it was written: its outcome is unknown and its token goes
 * to recovery although nothing was wrong with it. So every call borrows a lane, a JDK client of its own that carries
 * one call at a time and therefore holds at most one connection; a lane is lent again only if it was given back less
 * than {@link #MAX_IDLE} ago, otherwise it is shut down, its connection with it, and a new lane connects afresh. Lanes
 * are lent most recently used first, so lanes beyond the current concurrency age out. A lane nobody borrows again
 * (a foreign mint seen once) is shut down by a sweep once past the limit, so that its threads do not outlive it.
 */
final class MintConnections {

    /** How long an unused connection is kept: shorter than any keep-alive timeout a mint's server is known to use. */
    static final Duration MAX_IDLE = Duration.ofSeconds(2);

    private final Supplier<HttpClient> newLane;
    private final long maxIdleNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle lanes, the most recently given back first (so the oldest is last). */
    private final Deque<Lane> idle = new ArrayDeque<>();
    /** Whether a sweep is waiting to run; at most one per instance. Guarded by {@link #lock}. */
    private boolean sweepPending;

    private record Lane(HttpClient client, long givenBackAt) {}

    MintConnections(Supplier<HttpClient> newLane, Duration maxIdle) {
        this.newLane = Objects.requireNonNull(newLane, "lane factory");
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** Lanes configured as {@code template} is (timeouts, redirects, proxy, TLS, executor); the template is not used. */
    static MintConnections like(HttpClient template) {
        return new MintConnections(() -> copyOf(template), MAX_IDLE);
    }

    /** A client to send one call on; give it back with {@link #giveBack} when the answer has been read. */
    HttpClient borrow() {
        List<Lane> stale = new ArrayList<>();
        Lane lane;
        lock.lock();
        try {
            takeStale(stale);
            lane = idle.pollFirst();
        } finally {
            lock.unlock();
        }
        stale.forEach(old -> old.client().shutdownNow());
        return lane != null ? lane.client() : newLane.get();
    }

    /** Returns a borrowed client, now idle, for the next call. */
    void giveBack(HttpClient client) {
        boolean startSweep;
        lock.lock();
        try {
            idle.addFirst(new Lane(client, System.nanoTime()));
            startSweep = !sweepPending;
            sweepPending = true;
        } finally {
            lock.unlock();
        }
        if (startSweep) {
            Thread.ofVirtual().name("mint-connections-sweep").start(this::sweepWhileIdle);
        }
    }

    /** Shuts down the lanes that go unused past the limit, until none is idle. */
    private void sweepWhileIdle() {
        boolean again = true;
        while (again) {
            try {
                Thread.sleep(Duration.ofNanos(maxIdleNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lock.lock();
                try {
                    sweepPending = false;
                } finally {
                    lock.unlock();
                }
                return;
            }
            List<Lane> stale = new ArrayList<>();
            lock.lock();
            try {
                takeStale(stale);
                again = !idle.isEmpty();
                sweepPending = again;
            } finally {
                lock.unlock();
            }
            stale.forEach(old -> old.client().shutdownNow());
        }
    }

    /** Moves the lanes idle for the limit or longer (the oldest are last) to {@code stale}. Holds {@link #lock}. */
    private void takeStale(List<Lane> stale) {
        long now = System.nanoTime();
        while (!idle.isEmpty() && now - idle.peekLast().givenBackAt() >= maxIdleNanos) {
            stale.add(idle.pollLast());
        }
    }

    private static HttpClient copyOf(HttpClient template) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(template.followRedirects())
                .version(template.version())
                .sslContext(template.sslContext())
                .sslParameters(template.sslParameters());
        template.connectTimeout().ifPresent(builder::connectTimeout);
        template.proxy().ifPresent(builder::proxy);
        template.authenticator().ifPresent(builder::authenticator);
        template.cookieHandler().ifPresent(builder::cookieHandler);
        template.executor().ifPresent(builder::executor);
        return builder.build();
    }
}
