package io.routstr.gateway.rest.admin;

import io.routstr.gateway.application.port.in.admin.AdminModelUsageUseCase;
import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.ModelUsageBucket;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage per model from the ledger, next to Routstr's {@code /admin/api/usage/...} paths: buckets per model per hour
 * or day ({@code /usage/models}) and each model's totals over the span ({@code /usage/revenue-by-model}).
 */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
record AdminUsageController(AdminModelUsageUseCase usage) {

    /** One row per model per hour ({@code interval=hour}, {@code span} hours) or day, oldest first. */
    @GetMapping("/admin/api/usage/models")
    List<Map<String, Object>> byModel(
            @RequestParam(defaultValue = "hour") String interval, @RequestParam(defaultValue = "24") int span) {
        return usage.usageByModel(granularity(interval), span).stream()
                .map(AdminUsageController::bucket)
                .toList();
    }

    /** Each model's requests, spend and tokens summed over the last {@code span} hours or days, highest spend first. */
    @GetMapping("/admin/api/usage/revenue-by-model")
    Map<String, Object> revenueByModel(
            @RequestParam(defaultValue = "day") String interval, @RequestParam(defaultValue = "30") int span) {
        List<ModelUsage> models = usage.revenueByModel(granularity(interval), span);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("models", models.stream().map(AdminUsageController::totals).toList());
        answer.put(
                "total_revenue_msats",
                models.stream().mapToLong(m -> m.spent().value()).sum());
        answer.put(
                "total_requests",
                models.stream().mapToLong(ModelUsage::requests).sum());
        return answer;
    }

    static UsageBucket.Granularity granularity(String interval) {
        return switch (interval.strip().toLowerCase(Locale.ROOT)) {
            case "hour", "hourly" -> UsageBucket.Granularity.HOUR;
            case "day", "daily" -> UsageBucket.Granularity.DAY;
            default -> throw new IllegalArgumentException("interval is hour or day");
        };
    }

    private static Map<String, Object> bucket(ModelUsageBucket bucket) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("timestamp", bucket.start().toString());
        row.putAll(totals(bucket.usage()));
        return row;
    }

    static Map<String, Object> totals(ModelUsage usage) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", usage.model());
        row.put("requests", usage.requests());
        row.put("revenue_msats", usage.spent().value());
        row.put("shortfall_msats", usage.shortfall().value());
        row.put("input_tokens", usage.inputTokens());
        row.put("output_tokens", usage.outputTokens());
        row.put("cache_read_tokens", usage.cacheReadTokens());
        row.put("cache_write_tokens", usage.cacheWriteTokens());
        row.put("reasoning_tokens", usage.reasoningTokens());
        row.put("total_tokens", usage.totalTokens());
        return row;
    }
}
