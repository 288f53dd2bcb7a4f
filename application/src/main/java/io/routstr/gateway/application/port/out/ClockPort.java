package io.routstr.gateway.application.port.out;

import java.time.Instant;
import java.time.ZoneId;

/** Port: the current time, so that tests can move it. */
public interface ClockPort {

    Instant now();

    /** The zone calendar limits (daily, weekly, monthly) are counted in. */
    ZoneId zone();
}
