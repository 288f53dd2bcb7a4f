/*
 * The overload run's load generator: an open loop at a fixed rate, single-threaded on epoll, so that a generator
 * sharing the host's cores with the node does not take them from it. LoadGen (Java, a virtual thread per request)
 * used 1.3 to 3.2 of this host's 2 cores at 8,300 requests/s and fell 9 to 11 s behind its schedule
 * (docs/benchmarks.md, session 24); this one keeps its schedule at that rate.
 *
 *   openloop URL KEY BODY RPS SECONDS WARMUP_SECONDS
 *
 * URL is http://HOST:PORT/PATH (IPv4, no TLS). Request i is due at start + i / RPS and its latency counts from then
 * (no coordinated omission): it goes out on an idle keep-alive connection, or on a new one when none is idle; a
 * request that finds OPENLOOP_MAX_CONNECTIONS (default 16000) open waits for the next free one, late. The first
 * WARMUP_SECONDS are sent at the same rate untimed. Each request may take 30 s, then it is counted as a timeout and
 * its connection closed.
 *
 * Prints the same two lines as LoadGen's rate mode (outcomes, the 200s' percentiles from their due time, how late
 * the requests went out, "SCHEDULE NOT KEPT" when the generator fell behind), and a third with what happened to its
 * connections: how many it opened, how many the server closed while idle, with "Connection: close", or before
 * answering, and how many failed to connect. Outcomes: "200", "503+Retry-After:CODE", "503-no-Retry-After:CODE",
 * "STATUS:CODE", "error:connect-ERRNO", "error:EOF" (the server closed the connection before the whole answer),
 * "error:reset" (ECONNRESET), "error:timeout".
 *
 * OPENLOOP_TRACE=FILE writes every timed 200's due instant (epoch ms) and latency (us), one per line, as LoadGen's
 * LOADGEN_TRACE does, for scripts/bench/tail.py.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_TIMEOUT_NS (30LL * 1000000000LL)
#define MAX_OUTCOMES 64
#define READ_CAP (256 * 1024)

enum state { FREE, CONNECTING, WRITING, READING, IDLE };

struct conn {
    int fd;
    enum state state;
    long long due;     /* the request's due instant (ns) */
    long long started; /* when it went out */
    int timed;
    size_t written;
    int watching_out; /* EPOLLOUT asked for: connecting, or a write that would have blocked */
    char *buf;
    size_t len, cap;
};

struct outcome {
    char name[96];
    long count;
};

static struct conn *conns;
static int max_conns, open_conns;
static int *idle, idle_n;
static int *free_slots, free_n;
static int ep;
static char *request;
static size_t request_len;
static struct sockaddr_in addr;
static struct outcome outcomes[MAX_OUTCOMES];
static int outcome_n;
static long long *latencies, *lateness, *latency_due;
static long latency_n, lateness_n;
static long done_count, peak_open, opened, closed_idle, closed_by_header, closed_before_answer, late_over_10ms;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void count(const char *name) {
    for (int i = 0; i < outcome_n; i++) {
        if (strcmp(outcomes[i].name, name) == 0) {
            outcomes[i].count++;
            return;
        }
    }
    if (outcome_n < MAX_OUTCOMES) {
        snprintf(outcomes[outcome_n].name, sizeof outcomes[outcome_n].name, "%s", name);
        outcomes[outcome_n++].count = 1;
    }
}

static void close_conn(int slot) {
    struct conn *c = &conns[slot];
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->state = FREE;
    c->len = 0;
    open_conns--;
    free_slots[free_n++] = slot;
}

static void watch(int slot, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.u32 = (uint32_t)slot};
    if (epoll_ctl(ep, op, conns[slot].fd, &e) != 0) {
        perror("epoll_ctl");
        exit(2);
    }
}

/* A request ends: its outcome counted, and (unless failed) its 200 latency kept. */
static void finish(struct conn *c, const char *outcome, int ok) {
    count(outcome);
    done_count++;
    if (ok && c->timed) {
        latency_due[latency_n] = c->due;
        latencies[latency_n++] = (now_ns() - c->due) / 1000;
    }
}

static int write_some(int slot) {
    struct conn *c = &conns[slot];
    while (c->written < request_len) {
        ssize_t n = send(c->fd, request + c->written, request_len - c->written, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                if (!c->watching_out) {
                    c->watching_out = 1;
                    watch(slot, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
                }
                return 0;
            }
            finish(c, errno == ECONNRESET || errno == EPIPE ? "error:reset" : "error:write", 0);
            close_conn(slot);
            return -1;
        }
        c->written += (size_t)n;
    }
    c->state = READING;
    c->len = 0;
    if (c->watching_out) {
        c->watching_out = 0;
        watch(slot, EPOLLIN, EPOLL_CTL_MOD);
    }
    return 0;
}

static void start_request(int slot, long long due, int timed) {
    struct conn *c = &conns[slot];
    c->due = due;
    c->timed = timed;
    c->written = 0;
    c->started = now_ns();
    if (timed) {
        lateness[lateness_n++] = (c->started - due) / 1000;
    }
    if (c->started - due > 10000000LL) {
        late_over_10ms++;
    }
    if (c->state == CONNECTING) {
        return; /* written once connected */
    }
    c->state = WRITING; /* a keep-alive connection, watched for reading: the request is written at once */
    write_some(slot);
}

/* A new connection for a request, or -1 when the cap is reached. */
static int open_conn(void) {
    if (open_conns >= max_conns || free_n == 0) {
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int slot = free_slots[--free_n];
    struct conn *c = &conns[slot];
    c->fd = fd;
    c->len = 0;
    open_conns++;
    opened++;
    if (open_conns > peak_open) {
        peak_open = open_conns;
    }
    c->state = CONNECTING;
    c->watching_out = 1;
    watch(slot, EPOLLIN | EPOLLOUT, EPOLL_CTL_ADD);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS) {
        char name[64];
        snprintf(name, sizeof name, "error:connect-%s", strerrorname_np(errno));
        c->due = now_ns();
        c->timed = 0;
        finish(c, name, 0);
        close_conn(slot);
        return -2;
    }
    return slot;
}

static const char *header(const char *head, size_t head_len, const char *name) {
    size_t name_len = strlen(name);
    for (const char *p = head; p && p < head + head_len; p = memchr(p, '\n', (size_t)(head + head_len - p))) {
        if (*p == '\n') {
            p++;
        }
        if ((size_t)(head + head_len - p) > name_len && strncasecmp(p, name, name_len) == 0 && p[name_len] == ':') {
            return p + name_len + 1;
        }
    }
    return NULL;
}

/* Whether the chunked body starting at b (n bytes) is whole. */
static int chunked_complete(const char *b, size_t n) {
    size_t i = 0;
    for (;;) {
        char *end;
        if (i >= n) {
            return 0;
        }
        long size = strtol(b + i, &end, 16);
        const char *crlf = memmem(b + i, n - i, "\r\n", 2);
        if (!crlf || end > crlf) {
            return 0;
        }
        i = (size_t)(crlf - b) + 2;
        if (size == 0) {
            return memmem(b + i, n - i, "\r\n", 2) != NULL;
        }
        i += (size_t)size + 2;
        if (i > n) {
            return 0;
        }
    }
}

/* Parses what has arrived; returns 1 when the answer is whole (and handled), 0 to read more. */
static int answer_complete(int slot) {
    struct conn *c = &conns[slot];
    char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!end) {
        return 0;
    }
    size_t head_len = (size_t)(end - c->buf) + 4;
    const char *body = c->buf + head_len;
    size_t have = c->len - head_len;
    const char *cl = header(c->buf, head_len, "content-length");
    const char *te = header(c->buf, head_len, "transfer-encoding");
    if (cl) {
        if (have < (size_t)strtol(cl, NULL, 10)) {
            return 0;
        }
    } else if (te && strstr(te, "chunked") && strstr(te, "chunked") < end) {
        if (!chunked_complete(body, have)) {
            return 0;
        }
    } else {
        return 0; /* read to the connection's end */
    }
    int status = atoi(c->buf + 9);
    char code[48] = "";
    const char *k = memmem(body, have, "\"code\":\"", 8);
    if (k) {
        const char *q = memchr(k + 8, '"', (size_t)(body + have - (k + 8)));
        if (q && q - (k + 8) < 40) {
            snprintf(code, sizeof code, ":%.*s", (int)(q - (k + 8)), k + 8);
        }
    }
    char name[96];
    if (status == 200) {
        snprintf(name, sizeof name, "200");
    } else if (status == 503) {
        snprintf(name, sizeof name, "%s%s",
                 header(c->buf, head_len, "retry-after") ? "503+Retry-After" : "503-no-Retry-After", code);
    } else {
        snprintf(name, sizeof name, "%d%s", status, code);
    }
    finish(c, name, status == 200);
    const char *connection = header(c->buf, head_len, "connection");
    if (connection && strncasecmp(connection + strspn(connection, " "), "close", 5) == 0) {
        closed_by_header++;
        close_conn(slot);
    } else {
        c->state = IDLE; /* still watched for reading: an idle connection the server closes is seen, not reused */
        c->len = 0;
        idle[idle_n++] = slot;
    }
    return 1;
}

static void on_readable(int slot) {
    struct conn *c = &conns[slot];
    if (c->state == IDLE) {
        char b[1];
        ssize_t n = read(c->fd, b, 1);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            for (int i = 0; i < idle_n; i++) {
                if (idle[i] == slot) {
                    idle[i] = idle[--idle_n];
                    break;
                }
            }
            closed_idle++;
            close_conn(slot);
        }
        return;
    }
    for (;;) {
        if (c->cap - c->len < 4096) {
            if (c->cap >= READ_CAP) {
                finish(c, "error:answer-too-large", 0);
                close_conn(slot);
                return;
            }
            c->cap = c->cap ? c->cap * 2 : 8192;
            c->buf = realloc(c->buf, c->cap);
        }
        ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
        if (n > 0) {
            c->len += (size_t)n;
            c->buf[c->len] = 0;
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            answer_complete(slot);
            return;
        }
        if (answer_complete(slot)) {
            return;
        }
        closed_before_answer++;
        finish(c, n == 0 ? "error:EOF" : errno == ECONNRESET ? "error:reset" : "error:read", 0);
        close_conn(slot);
        return;
    }
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static double pct(long long *v, long n, double p) {
    if (n == 0) {
        return 0;
    }
    long i = (long)(p / 100.0 * (double)n);
    return (double)v[i >= n ? n - 1 : i] / 1000.0;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: openloop URL KEY BODY RPS SECONDS WARMUP_SECONDS\n");
        return 2;
    }
    char host[64];
    int port;
    char path[512];
    if (sscanf(argv[1], "http://%63[^:]:%d%511s", host, &port, path) != 3) {
        fprintf(stderr, "URL must be http://HOST:PORT/PATH\n");
        return 2;
    }
    double rps = atof(argv[4]);
    int seconds = atoi(argv[5]), warmup = atoi(argv[6]);
    const char *max_env = getenv("OPENLOOP_MAX_CONNECTIONS");
    max_conns = max_env ? atoi(max_env) : 16000;
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, host, &addr.sin_addr);
    size_t body_len = strlen(argv[3]);
    request = malloc(body_len + 1024);
    request_len = (size_t)snprintf(request, body_len + 1024,
                                   "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                                   "%s%s%sContent-Length: %zu\r\n\r\n%s",
                                   path, host, port, argv[2][0] ? "Authorization: Bearer " : "", argv[2],
                                   argv[2][0] ? "\r\n" : "", body_len, argv[3]);
    long untimed = (long)(rps * warmup), total = untimed + (long)(rps * seconds);
    conns = calloc((size_t)max_conns, sizeof *conns);
    idle = malloc(sizeof(int) * (size_t)max_conns);
    free_slots = malloc(sizeof(int) * (size_t)max_conns);
    for (int i = max_conns - 1; i >= 0; i--) {
        conns[i].fd = -1;
        free_slots[free_n++] = i;
    }
    latencies = malloc(sizeof(long long) * (size_t)(total + 1));
    lateness = malloc(sizeof(long long) * (size_t)(total + 1));
    latency_due = malloc(sizeof(long long) * (size_t)(total + 1));
    ep = epoll_create1(0);
    struct epoll_event events[1024];
    double interval = 1e9 / rps;
    long long start = now_ns() + 50000000LL;
    long next = 0; /* the next request not yet sent */
    long long loop_behind = -1, last_sweep = start;
    while (done_count < total) {
        long long now = now_ns();
        if (now - start > (long long)(seconds + warmup) * 1000000000LL + 120000000000LL) {
            break; /* two minutes past the schedule's end: the rest are counted as timeouts below */
        }
        int blocked = 0; /* every connection busy at the cap: wait for one to finish, not spin */
        while (next < total && start + (long long)(next * interval) <= now) {
            int slot = idle_n > 0 ? idle[--idle_n] : open_conn();
            if (slot == -2) {
                next++; /* this request failed to connect: counted */
                continue;
            }
            if (slot < 0) {
                blocked = 1; /* it waits, late */
                break;
            }
            start_request(slot, start + (long long)(next * interval), next >= untimed);
            next++;
        }
        if (next == total && loop_behind < 0) {
            loop_behind = now_ns() - (start + (long long)((total - 1) * interval));
        }
        if (now - last_sweep > 100000000LL) {
            last_sweep = now;
            for (int i = 0; i < max_conns; i++) {
                struct conn *c = &conns[i];
                if ((c->state == CONNECTING || c->state == WRITING || c->state == READING) && c->fd >= 0
                    && c->started > 0 && now - c->started > REQUEST_TIMEOUT_NS) {
                    finish(c, "error:timeout", 0);
                    close_conn(i);
                }
            }
        }
        long long wait_ns = next < total && !blocked ? start + (long long)(next * interval) - now_ns() : 10000000LL;
        if (wait_ns < 0) {
            wait_ns = 0;
        }
        struct timespec timeout = {.tv_sec = 0, .tv_nsec = wait_ns > 10000000LL ? 10000000LL : wait_ns};
        int n = epoll_pwait2(ep, events, 1024, &timeout, NULL);
        for (int i = 0; i < n; i++) {
            int slot = (int)events[i].data.u32;
            struct conn *c = &conns[slot];
            if (c->state == FREE) {
                continue;
            }
            if (c->state == CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    char name[64];
                    snprintf(name, sizeof name, "error:connect-%s", strerrorname_np(err));
                    finish(c, name, 0);
                    close_conn(slot);
                    continue;
                }
                c->state = WRITING;
            }
            if (c->state == WRITING) {
                if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
                    write_some(slot);
                }
            } else if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                on_readable(slot);
            }
        }
    }
    for (int i = 0; i < max_conns; i++) {
        struct conn *c = &conns[i];
        if (c->state == CONNECTING || c->state == WRITING || c->state == READING) {
            finish(c, "error:timeout", 0);
        }
    }
    for (; next < total; next++) {
        count("error:not-sent"); /* still waiting for a connection two minutes after the schedule's end */
    }
    if (loop_behind < 0) {
        loop_behind = now_ns() - (start + (long long)((total - 1) * interval));
    }
    double elapsed = (double)(now_ns() - start) / 1e9;
    const char *trace_path = getenv("OPENLOOP_TRACE");
    if (trace_path) {
        /* The due instants are monotonic; the wall clock's offset from it, read now, dates them. */
        struct timespec wall;
        clock_gettime(CLOCK_REALTIME, &wall);
        long long offset = wall.tv_sec * 1000000000LL + wall.tv_nsec - now_ns();
        FILE *trace = fopen(trace_path, "w");
        if (!trace) {
            perror(trace_path);
            return 2;
        }
        for (long i = 0; i < latency_n; i++) {
            fprintf(trace, "%lld %lld\n", (latency_due[i] + offset) / 1000000LL, latencies[i]);
        }
        fclose(trace);
    }
    qsort(latencies, (size_t)latency_n, sizeof(long long), cmp);
    qsort(lateness, (size_t)lateness_n, sizeof(long long), cmp);
    double late99 = pct(lateness, lateness_n, 99);
    int kept = late99 <= 1.25 && loop_behind <= 100000000LL;
    printf("rate %.0f/s for %d s after %d s untimed: sent %ld in %.1f s (%ld sent over 10 ms late); outcomes {", rps,
           seconds, warmup, total, elapsed, late_over_10ms);
    for (int i = 0; i < outcome_n; i++) {
        printf("%s%s=%ld", i ? ", " : "", outcomes[i].name, outcomes[i].count);
    }
    printf("}; 200s p50 %.3f ms p90 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms (from each request's due time); "
           "generator started its timed requests late by p50 %.3f ms p99 %.3f ms max %.3f ms, finished sending %.1f s "
           "behind schedule: %s\n",
           pct(latencies, latency_n, 50), pct(latencies, latency_n, 90), pct(latencies, latency_n, 99),
           pct(latencies, latency_n, 99.9), latency_n ? (double)latencies[latency_n - 1] / 1000.0 : 0,
           pct(lateness, lateness_n, 50), late99, lateness_n ? (double)lateness[lateness_n - 1] / 1000.0 : 0,
           (double)(loop_behind > 0 ? loop_behind : 0) / 1e9,
           kept ? "schedule kept"
                : "SCHEDULE NOT KEPT (p99 over 1.25 ms or over 100 ms behind): the latencies include the generator's "
                  "delay, not to be trusted as the server's");
    printf("RESULT p50=%.3f p99=%.3f ok=%ld\n", pct(latencies, latency_n, 50), pct(latencies, latency_n, 99),
           latency_n);
    printf("connections: opened %ld (at most %ld at once, cap %d), closed by the server while idle %ld, with Connection: close "
           "%ld, before a whole answer %ld\n",
           opened, peak_open, max_conns, closed_idle, closed_by_header, closed_before_answer);
    return 0;
}
