package io.routstr.gateway.domain.key;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Optional;

/** How often a key's spending limit starts over (Routstr's {@code balance_limit_reset}); NEVER means manual resets. */
public enum LimitResetPeriod {
    NEVER,
    DAILY,
    WEEKLY,
    MONTHLY;

    /** Parses Routstr's wire values; anything unknown is a manual limit, as in Routstr. */
    public static LimitResetPeriod fromWire(String wire) {
        if (wire == null || wire.isBlank()) {
            return NEVER;
        }
        return switch (wire.strip().toLowerCase(Locale.ROOT)) {
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            case "monthly" -> MONTHLY;
            default -> NEVER;
        };
    }

    public Optional<String> toWire() {
        return this == NEVER ? Optional.empty() : Optional.of(name().toLowerCase(Locale.ROOT));
    }

    /**
     * The instant the current period began: midnight of today, of this ISO week's Monday, or of the first of this
     * month, in {@code zone}. Empty for manual limits.
     */
    public Optional<Instant> periodStart(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate start = switch (this) {
            case NEVER -> null;
            case DAILY -> today;
            case WEEKLY -> today.with(java.time.DayOfWeek.MONDAY);
            case MONTHLY -> today.withDayOfMonth(1);
        };
        return Optional.ofNullable(start).map(day -> day.atStartOfDay(zone).toInstant());
    }

    /** True when {@code now} lies in a later calendar day, ISO week or month than the last reset. */
    public boolean isDue(Instant lastReset, Instant now, ZoneId zone) {
        if (this == NEVER) {
            return false;
        }
        if (lastReset == null) {
            return true;
        }
        LocalDate last = LocalDate.ofInstant(lastReset, zone);
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (this) {
            case DAILY -> today.isAfter(last);
            case WEEKLY ->
                today.get(IsoFields.WEEK_BASED_YEAR) != last.get(IsoFields.WEEK_BASED_YEAR)
                        || today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != last.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTHLY -> today.getYear() != last.getYear() || today.getMonth() != last.getMonth();
            case NEVER -> false;
        };
    }
}
