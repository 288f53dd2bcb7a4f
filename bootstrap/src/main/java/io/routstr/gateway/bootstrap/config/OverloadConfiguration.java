package io.routstr.gateway.bootstrap.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routstr.gateway.application.port.out.WorkAdmissionPort;
import io.routstr.gateway.bootstrap.metrics.MeteredWorkAdmission;
import io.routstr.gateway.bootstrap.web.HttpServer;
import io.routstr.gateway.bootstrap.web.PaidRequestAdmission;
import io.routstr.gateway.persistence.accounts.GroupCommit;
import io.routstr.gateway.rest.limits.BoundedWork;
import io.routstr.gateway.rest.limits.InFlightLimitFilter;
import io.routstr.gateway.rest.limits.InFlightLimits;
import io.routstr.gateway.rest.limits.InFlightPermits;
import io.routstr.gateway.rest.limits.OverloadDoor;
import io.routstr.gateway.rest.limits.SchedulingLag;
import io.routstr.gateway.rest.limits.SustainedLag;
import io.routstr.gateway.rest.limits.TurnsTakenAtTheDoor;
import io.routstr.gateway.rest.limits.WorkLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** How many requests the node serves at once and how long one may wait for a turn before it is shed with 503. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OverloadConfiguration.OverloadProperties.class)
class OverloadConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadConfiguration.class);

    /** At most one log line per signal in this interval while it sheds. */
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(1);

    /** Waiters per pooled connection beyond which new requests are shed. */
    static final int SATURATED_WAITERS_PER_CONNECTION = 10;

    /**
     * Wait of the statements queued for group commit beyond which new requests are shed (or the pool's wait,
     * {@code DATABASE_POOL_TIMEOUT_MS}, if shorter). The one writer runs about 3,000 statements a second on this
     * 2-core machine (two per request); bounded by the pool's 5 s instead, an open loop at twice capacity queued 8,116
     * requests behind it, answered after 35 s, and clients' connections failed. A burst (thousands of streams opened
     * at once) arrives no faster than the node parses requests, which the writer outpaces.
     */
    static final Duration SATURATED_WRITER_WAIT = Duration.ofSeconds(1);

    /**
     * Requests in flight at most ({@code MAX_CONCURRENT_REQUESTS}), the longest wait for one to finish
     * ({@code REQUEST_QUEUE_TIMEOUT_MS}), and the cores' bound: a lag above {@code MAX_SCHEDULING_LAG_MS} that lasts
     * {@code SCHEDULING_LAG_WINDOW_MS} ({@link SustainedLag}).
     */
    @ConfigurationProperties("routstr.overload")
    record OverloadProperties(
            @DefaultValue("10000") int maxConcurrentRequests,
            @DefaultValue("100ms") Duration queueTimeout,
            @DefaultValue("0ms") Duration maxSchedulingLag,
            @DefaultValue("0ms") Duration schedulingLagWindow,
            @DefaultValue("16") int maxWorkingRequests,
            @DefaultValue("15000ms") Duration workQueueTimeout,
            @DefaultValue("1000ms") Duration workQueueInterval,
            @DefaultValue("5000ms") Duration workQueueOverloadTimeout,
            @DefaultValue("500ms") Duration workQueueStandingWait,
            @DefaultValue("500ms") Duration workQueueFloodTimeout) {}

    /**
     * Paid requests doing work at once ({@code MAX_WORKING_REQUESTS}): from arrival to their hold, not while they wait
     * for their upstream; a newcomer waits {@code WORK_QUEUE_TIMEOUT_MS} for a turn, else it is shed, and only
     * {@code WORK_QUEUE_OVERLOAD_TIMEOUT_MS} while the queue is judged overloaded ({@code WORK_QUEUE_INTERVAL_MS}), when
     * turns go to the newest waiter rather than in arrival order; a queue that does not grow is judged so too when
     * every waiter let in over two intervals waited {@code WORK_QUEUE_STANDING_WAIT_MS}; once it keeps only its
     * capacity (a flood), a waiter waits at most {@code WORK_QUEUE_FLOOD_TIMEOUT_MS}. Gauges
     * {@code routstr_requests_working}, {@code routstr_requests_waiting}, {@code routstr_work_queue_overloaded}.
     */
    @Bean
    BoundedWork boundedWork(
            OverloadProperties properties,
            SchedulingLag lag,
            MeterRegistry registry,
            HttpServer server,
            @Value("${server.tomcat.max-connections:8192}") int tomcatConnections) {
        lag.start();
        BoundedWork work = new BoundedWork(
                new WorkLimits(
                        properties.maxWorkingRequests(),
                        properties.workQueueTimeout(),
                        properties.workQueueInterval(),
                        properties.workQueueOverloadTimeout(),
                        properties.workQueueStandingWait(),
                        properties.workQueueFloodTimeout()),
                lag::stalledSince,
                floodSign(server, tomcatConnections, properties.maxConcurrentRequests()));
        Gauge.builder("routstr.requests.working", work, BoundedWork::working)
                .description("Paid requests doing work (arrival to hold); beyond MAX_WORKING_REQUESTS they are shed")
                .register(registry);
        Gauge.builder("routstr.requests.waiting", work, BoundedWork::waiting)
                .description("Paid requests waiting for a turn at work (MAX_WORKING_REQUESTS)")
                .register(registry);
        Gauge.builder("routstr.work.queue.overloaded", work, queue -> queue.overloaded() ? 1 : 0)
                .description("1 while the queue for turns at work is judged overloaded: newest first, old waiters shed")
                .register(registry);
        return work;
    }

    /**
     * A flood is told by its in-flight permits running out where the server holds more connections than there are
     * permits: Jetty bounds no connections. Tomcat holds at most {@code server.tomcat.max-connections} (8,192 unless
     * set), fewer than the 10,000 permits, so there a flood is told by two intervals overloaded too.
     */
    static BoundedWork.FloodSign floodSign(HttpServer server, int tomcatConnections, int permits) {
        return server == HttpServer.JETTY || permits < tomcatConnections
                ? BoundedWork.FloodSign.PERMITS_RAN_OUT
                : BoundedWork.FloodSign.PERMITS_RAN_OUT_OR_TWO_INTERVALS;
    }

    /** The queue's turns, its sheds counted as {@code work}. */
    @Bean
    MeteredWorkAdmission meteredWorkAdmission(BoundedWork work, MeterRegistry registry) {
        return new MeteredWorkAdmission(work, registry);
    }

    /**
     * The port the paid path takes its turns from: the turn Jetty's door granted the request, or else one from the
     * queue, metered.
     */
    @Bean
    @Primary
    WorkAdmissionPort workAdmission(MeteredWorkAdmission metered) {
        return new TurnsTakenAtTheDoor(metered);
    }

    /** The permits of the requests in flight, taken by the servlet filter or, for a paid request, Jetty's door. */
    @Bean
    InFlightPermits inFlightPermits(InFlightLimits limits) {
        return new InFlightPermits(limits);
    }

    /**
     * Under Jetty, a paid request takes its permit and waits for its turn at work at the door, without a thread
     * ({@link PaidRequestAdmission}).
     */
    @Bean
    PaidRequestAdmission paidRequestAdmission(
            InFlightPermits permits, BoundedWork work, MeteredWorkAdmission metered, MeterRegistry registry) {
        Timer turnWait = Timer.builder("routstr.work.queue.wait")
                .description("How long the paid requests let in at Jetty's door waited there for their turn at work")
                .publishPercentileHistogram()
                .register(registry);
        return new PaidRequestAdmission(permits, work, metered::countShed, turnWait);
    }

    /**
     * New paid requests are shed at the door, before Spring's dispatch, while the queue for turns at work is overloaded
     * and full ({@link BoundedWork#turnsAway()}); counted with the queue's own sheds as {@code work}. A paid request
     * shed for want of an in-flight permit is reported to the queue ({@link BoundedWork#shedBeforeJoining()}): a flood
     * sign it cannot see itself.
     */
    @Bean
    InFlightLimitFilter.PaidWorkSaturation paidWorkSaturation(BoundedWork work, MeterRegistry registry) {
        InFlightLimitFilter.Saturation turnedAway = counted(work::turnsAway, "work", registry);
        return new InFlightLimitFilter.PaidWorkSaturation() {
            @Override
            public boolean saturated() {
                return turnedAway.saturated();
            }

            @Override
            public void shedBeforeJoining() {
                work.shedBeforeJoining();
            }
        };
    }

    /**
     * Which new requests are shed at once, by method and path, and their answer: asked by the servlet filter and, under
     * Jetty, before the servlet context ({@code OverloadDoorHandler}).
     */
    @Bean
    OverloadDoor overloadDoor(
            InFlightLimitFilter.Saturation nodeSaturation,
            InFlightLimitFilter.PaidWorkSaturation paidWorkSaturation,
            DataSource dataSource,
            MeterRegistry registry,
            ObjectMapper mapper) {
        return new OverloadDoor(nodeSaturation, paidWorkSaturation, databaseOutage(dataSource, registry), mapper);
    }

    /**
     * The database is out of reach while the pool holds no connection at all and something waits for one (a request, a
     * background job): a pool that keeps connections (Hikari's minimum idle, the pool's size unless set) is empty only
     * once the database has closed or refused them all, and Hikari then keeps trying to open new ones (backing off up
     * to 5 s between tries). New paid requests are then shed at once (503 {@code database_unavailable},
     * {@code Retry-After: 5}) instead of each waiting out {@code DATABASE_POOL_TIMEOUT_MS} for the same answer; the
     * requests in flight keep their own waits (a charge asks up to six times, docs/reliability.md). The signal ends
     * once the pool has a connection again, or nothing waits for one. Counted as signal {@code database}. A pool
     * allowed to shrink to nothing when idle ({@code minimum-idle} 0) can be empty while the database is well: there
     * the signal is off.
     */
    static OverloadDoor.DatabaseOutage databaseOutage(DataSource dataSource, MeterRegistry registry) {
        if (!(dataSource instanceof HikariDataSource hikari) || hikari.getMinimumIdle() < 1) {
            return OverloadDoor.DatabaseOutage.NEVER;
        }
        InFlightLimitFilter.Saturation outage = counted(
                () -> {
                    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                    return pool != null && pool.getTotalConnections() == 0 && pool.getThreadsAwaitingConnection() > 0;
                },
                "database",
                "Shedding new paid requests (503 database_unavailable): the pool holds no connection to the database"
                        + " and something waits for one; {} shed so far",
                registry);
        return outage::saturated;
    }

    @Bean
    InFlightLimits inFlightLimits(OverloadProperties properties) {
        return new InFlightLimits(properties.maxConcurrentRequests(), properties.queueTimeout());
    }

    /** The probe of the cores' lag; stopped with the context. */
    @Bean
    SchedulingLag schedulingLag() {
        return new SchedulingLag();
    }

    /**
     * The node is saturated when its cores have been more than {@code MAX_SCHEDULING_LAG_MS} behind for
     * {@code SCHEDULING_LAG_WINDOW_MS} ({@link SustainedLag}) or its writes are ({@link #databaseSaturation}).
     * Measured at twice the closed-loop capacity, without the first and before the bound on work: answers after 21 s
     * and connections refused, since nothing else bounded the requests sharing the cores. The bound on work
     * ({@code MAX_WORKING_REQUESTS}) now does, and the cores' bound is off by default: on a quiet machine it shed a
     * 5,000-stream burst the node could serve (894 billed against 4,774 without), and with the bound on work it no
     * longer changed what a burst got (1,012 billed against 1,027; docs/benchmarks.md).
     */
    @Bean
    InFlightLimitFilter.Saturation nodeSaturation(
            OverloadProperties properties,
            SchedulingLag lag,
            DataSource dataSource,
            GroupCommit groupCommit,
            MeterRegistry registry) {
        InFlightLimitFilter.Saturation writes = databaseSaturation(dataSource, groupCommit, registry);
        if (properties.maxSchedulingLag().isZero()) {
            return writes;
        }
        InFlightLimitFilter.Saturation cores = counted(
                SustainedLag.of(lag, properties.maxSchedulingLag(), properties.schedulingLagWindow()),
                "cores",
                registry);
        return () -> cores.saturated() || writes.saturated();
    }

    /**
     * {@code signal}, counting each newcomer it sheds in {@code routstr.overload.shed} tagged with its name (the first
     * signal that says saturated is counted) and logging it at most once a second, so that an operator, and a burst's
     * benchmark, can tell which bound shed.
     */
    static InFlightLimitFilter.Saturation counted(
            InFlightLimitFilter.Saturation signal, String name, MeterRegistry registry) {
        return counted(
                signal,
                name,
                "Shedding new requests (503 node_overloaded): " + name + " saturated, {} shed so far",
                registry);
    }

    /** As {@link #counted(InFlightLimitFilter.Saturation, String, MeterRegistry)}, logging {@code logLine}. */
    private static InFlightLimitFilter.Saturation counted(
            InFlightLimitFilter.Saturation signal, String name, String logLine, MeterRegistry registry) {
        Counter shed = Counter.builder(MeteredWorkAdmission.SHED_METER)
                .description(MeteredWorkAdmission.SHED_DESCRIPTION)
                .tag("signal", name)
                .register(registry);
        AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL.toNanos());
        return () -> {
            if (!signal.saturated()) {
                return false;
            }
            shed.increment();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if (now - last >= LOG_INTERVAL.toNanos() && lastLogged.compareAndSet(last, now)) {
                LOG.warn(logLine, (long) shed.count());
            }
            return true;
        };
    }

    /**
     * The node's writes are saturated when the database pool is, or when group commit's queue is.
     *
     * <p>The pool: ten times as many requests wait for a connection as it holds; a newcomer would wait behind ten turns
     * of the whole pool, and the requests already holding a reservation need connections to settle. One pool's worth
     * of waiters is normal under a burst; at that threshold a closed loop of 64 clients on a busy 2-core machine was
     * shed almost entirely.
     *
     * <p>Group commit: with it, a paid request's holds and settlements queue for the writer, not for the pool (a batch
     * takes one connection), so the pool's waiters no longer say how long a newcomer would wait; the writer's queue
     * does: how long the statement at its head has waited, or the batch running now has run ({@link
     * GroupCommit#currentWait()}). Its bound is the pool's wait: without group commit a hold waited at most that long
     * for a connection, then was answered 503 {@code database_busy}; a newcomer is shed rather than queued behind a
     * writer that keeps statements waiting longer. (A bound of one second shed 4,895 of 5,000 streams opened at once
     * on a busy machine: a burst's holds wait out a few batches.)
     */
    static InFlightLimitFilter.Saturation databaseSaturation(
            DataSource dataSource, GroupCommit groupCommit, MeterRegistry registry) {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return counted(() -> groupCommit.currentWait().compareTo(SATURATED_WRITER_WAIT) > 0, "writer", registry);
        }
        Duration writerBound = SATURATED_WRITER_WAIT.compareTo(Duration.ofMillis(hikari.getConnectionTimeout())) < 0
                ? SATURATED_WRITER_WAIT
                : Duration.ofMillis(hikari.getConnectionTimeout());
        InFlightLimitFilter.Saturation writer =
                counted(() -> groupCommit.currentWait().compareTo(writerBound) > 0, "writer", registry);
        InFlightLimitFilter.Saturation pool = counted(
                () -> {
                    HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
                    return bean != null
                            && bean.getThreadsAwaitingConnection()
                                    > SATURATED_WAITERS_PER_CONNECTION * hikari.getMaximumPoolSize();
                },
                "pool",
                registry);
        return () -> writer.saturated() || pool.saturated();
    }

    /**
     * The cores' lag, exported whether or not it sheds ({@code MAX_SCHEDULING_LAG_MS=0}): how far behind the node's
     * virtual threads are is what a burst or an overload looks like from inside.
     */
    @Bean
    Gauge schedulingLagGauge(SchedulingLag lag, MeterRegistry registry) {
        lag.start();
        return Gauge.builder(
                        "routstr.scheduling.lag", lag, probe -> probe.current().toNanos() / 1e9)
                .description("How late the node's virtual threads get a core (a probe asks to wake every 10 ms)")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * Requests shed because {@code MAX_CONCURRENT_REQUESTS} were in flight and none finished within the queue timeout,
     * under the same name as the signals' sheds: with {@code MAX_CONCURRENT_REQUESTS=256}, an overload at twice capacity
     * shed all of its 215,304 requests here, where no counter showed them (docs/benchmarks.md, session 30).
     */
    @Bean
    FunctionCounter shedWithoutPermitCounter(InFlightLimitFilter filter, MeterRegistry registry) {
        return FunctionCounter.builder(MeteredWorkAdmission.SHED_METER, filter, InFlightLimitFilter::shedWithoutPermit)
                .description(MeteredWorkAdmission.SHED_DESCRIPTION)
                .tag("signal", "in_flight")
                .register(registry);
    }

    @Bean
    Gauge requestsInFlightGauge(InFlightLimitFilter filter, MeterRegistry registry) {
        return Gauge.builder("routstr.requests.in_flight", filter, InFlightLimitFilter::inFlight)
                .description("Requests being served; beyond MAX_CONCURRENT_REQUESTS they are shed with 503")
                .register(registry);
    }
}
