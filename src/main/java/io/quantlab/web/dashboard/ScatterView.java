package io.quantlab.web.dashboard;

import io.quantlab.dashboard.ScatterPoint;
import io.quantlab.experiment.ExperimentResult;
import io.quantlab.web.PageJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The class scatter: every result of the course's finished experiments, accuracy against size. */
public record ScatterView(long courseId, List<ScatterPoint> points) {

    record Series(String method, List<ScatterPoint> points) {
    }

    /** One series per method, FP32 first, then by name: the chart colours each. */
    public PageJson chartJson() {
        Map<String, List<ScatterPoint>> byMethod = new LinkedHashMap<>();
        points.stream().sorted(java.util.Comparator.comparing((ScatterPoint p) -> !p.method().equals(ExperimentResult.FP32))
                        .thenComparing(ScatterPoint::method))
                .forEach(p -> byMethod.computeIfAbsent(p.method(), m -> new ArrayList<>()).add(p));
        return PageJson.of(byMethod.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList());
    }
}
