package io.quantlab.web;

import io.quantlab.experiment.Experiment;
import io.quantlab.jobs.JobProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's stable shape of an experiment. */
final class ExperimentJson {
    private ExperimentJson() {
    }

    static Map<String, Object> of(Experiment e, JobProgress progress, int queuePosition) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", progress.phase());
        p.put("step", progress.step());
        p.put("steps", progress.steps());
        p.put("loss", progress.loss());
        p.put("accuracy", progress.accuracy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("kind", e.kind().apiName());
        out.put("status", e.status().label());
        out.put("config", e.config().json());
        out.put("parent", e.parentId());
        out.put("progress", p);
        out.put("queuePosition", queuePosition);
        out.put("metrics", e.metrics());
        out.put("error", e.error());
        out.put("restarts", e.restarts());
        out.put("createdAt", String.valueOf(e.createdAt()));
        out.put("finishedAt", e.finishedAt() == null ? null : e.finishedAt().toString());
        return out;
    }
}
