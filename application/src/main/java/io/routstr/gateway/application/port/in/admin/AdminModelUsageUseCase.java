package io.routstr.gateway.application.port.in.admin;

import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import java.util.List;

/**
 * Use case: usage per model from the ledger (never from logs): requests, spend and tokens by type, per hour or day,
 * and summed over a span.
 */
public interface AdminModelUsageUseCase {

    /** Each model's buckets over the last {@code span} hours (hourly) or days (daily), oldest first, then by model. */
    List<ModelUsageBucket> usageByModel(UsageBucket.Granularity granularity, int span);

    /** Each model's usage summed over the same span, the highest spend first. */
    List<ModelUsage> revenueByModel(UsageBucket.Granularity granularity, int span);
}
