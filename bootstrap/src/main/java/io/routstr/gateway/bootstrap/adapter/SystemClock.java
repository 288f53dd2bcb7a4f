package io.routstr.gateway.bootstrap.adapter;

import io.routstr.gateway.application.port.out.ClockPort;
import java.time.Instant;
import java.time.ZoneId;

/** The wall clock, with the zone spending-limit periods are counted in. */
public final class SystemClock implements ClockPort {

    private final ZoneId zone;

    public SystemClock(ZoneId zone) {
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
