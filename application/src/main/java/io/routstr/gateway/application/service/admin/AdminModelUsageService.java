package io.routstr.gateway.application.service.admin;

import io.routstr.gateway.application.port.in.admin.AdminModelUsageUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.admin.AdminQueryPort;
import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads usage per model over a bounded span, as {@link AdminReportsService} reads the totals. */
public record AdminModelUsageService(AdminQueryPort queries, ClockPort clock) implements AdminModelUsageUseCase {

    @Override
    public List<ModelUsageBucket> usageByModel(UsageBucket.Granularity granularity, int span) {
        return queries.usageByModel(granularity, AdminReportsService.since(granularity, span, clock.now()));
    }

    @Override
    public List<ModelUsage> revenueByModel(UsageBucket.Granularity granularity, int span) {
        Map<String, ModelUsage> totals = new LinkedHashMap<>();
        for (ModelUsageBucket bucket : usageByModel(granularity, span)) {
            totals.merge(bucket.usage().model(), bucket.usage(), ModelUsage::plus);
        }
        return totals.values().stream()
                .sorted(Comparator.comparing((ModelUsage u) -> u.spent().value())
                        .reversed()
                        .thenComparing(ModelUsage::model))
                .toList();
    }
}
