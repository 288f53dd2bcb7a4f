package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.out.ClockPort;
import java.time.Instant;
import java.time.ZoneId;

/** The wall clock, with the zone spending-limit periods are counted in. */
final class SystemClock implements ClockPort {

    private final ZoneId zone;

    SystemClock(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public ZoneId zone() {
        return zone;
    }
}
