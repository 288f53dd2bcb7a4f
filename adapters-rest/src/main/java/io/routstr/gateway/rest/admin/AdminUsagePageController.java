package io.routstr.gateway.rest.admin;

import io.routstr.gateway.application.port.in.admin.AdminModelUsageUseCase;
import io.routstr.gateway.domain.admin.ModelUsage;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The dashboard's usage page: revenue, requests and tokens per model, with a chart drawn on the server. */
@Controller
@Hidden // an HTML page; the API is AdminUsageController
record AdminUsagePageController(AdminModelUsageUseCase usage) {

    @GetMapping("/admin/usage")
    String usage(@RequestParam(defaultValue = "30") int days, HttpServletRequest request, Model model) {
        AdminDashboardController.page(request, model, "usage");
        int span = Math.clamp(days, 1, 365);
        List<ModelUsage> models = usage.revenueByModel(UsageBucket.Granularity.DAY, span);
        model.addAttribute("days", span);
        model.addAttribute("models", models);
        model.addAttribute("chart", ModelChart.of(models));
        model.addAttribute("daily", usage.usageByModel(UsageBucket.Granularity.DAY, 14));
        model.addAttribute("hourly", usage.usageByModel(UsageBucket.Granularity.HOUR, 24));
        return "admin/usage";
    }

    /** Horizontal bars, one per model, scaled to the highest revenue; at most the 12 models that earned most. */
    record ModelChart(List<Bar> bars, int width, int height) {
        record Bar(int y, int width, String model, String label) {}

        private static final int ROW = 24;
        private static final int WIDTH = 720;
        private static final int LABELS = 260;

        static ModelChart of(List<ModelUsage> models) {
            List<ModelUsage> shown = models.stream().limit(12).toList();
            long max = Math.max(
                    1, shown.stream().mapToLong(m -> m.spent().value()).max().orElse(1));
            List<Bar> bars = new ArrayList<>();
            for (int i = 0; i < shown.size(); i++) {
                ModelUsage m = shown.get(i);
                int width = (int) Math.max(1, Math.round((double) m.spent().value() / max * (WIDTH - LABELS - 10)));
                bars.add(new Bar(
                        i * ROW + 4,
                        width,
                        m.model(),
                        m.model() + ": " + m.spent().value() + " msats, " + m.requests() + " requests, "
                                + m.totalTokens() + " tokens"));
            }
            return new ModelChart(bars, WIDTH, Math.max(ROW, shown.size() * ROW + 8));
        }
    }
}
