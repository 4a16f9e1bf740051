package io.quantlab.system;

import ai.djl.engine.Engine;
import io.quantlab.data.DatasetStatus;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.OrtRuntime;
import io.quantlab.store.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of every part the server depends on, for {@code /healthz} and for operators. */
public final class Health {
    private final Database db;
    private final Datasets datasets;

    public Health(Database db, Datasets datasets) {
        this.db = db;
        this.datasets = datasets;
    }

    public record Report(boolean ok, Map<String, Object> database, Map<String, Object> engine,
            Map<String, Object> onnxRuntime, List<DatasetStatus> datasets) {
    }

    public Report check() {
        Map<String, Object> database = new LinkedHashMap<>();
        boolean dbOk = db.healthy();
        database.put("ok", dbOk);
        if (dbOk) {
            database.put("product", db.productName());
        }
        Map<String, Object> engine = part(() -> {
            Engine pytorch = Engine.getEngine("PyTorch");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", pytorch.getEngineName());
            m.put("version", pytorch.getVersion());
            m.put("threads", Integer.getInteger("ai.djl.pytorch.num_threads", -1));
            m.put("interopThreads", Integer.getInteger("ai.djl.pytorch.num_interop_threads", -1));
            m.put("offline", Boolean.getBoolean("ai.djl.offline"));
            return m;
        });
        Map<String, Object> ort = part(() -> Map.of("version", OrtRuntime.environment().getVersion(),
                "threads", OrtRuntime.THREADS));
        boolean ok = dbOk && Boolean.TRUE.equals(engine.get("ok")) && Boolean.TRUE.equals(ort.get("ok"));
        return new Report(ok, database, engine, ort, datasets.status());
    }

    private static Map<String, Object> part(java.util.function.Supplier<Map<String, Object>> probe) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("ok", true);
            out.putAll(probe.get());
        } catch (RuntimeException | LinkageError e) {
            out.put("ok", false);
            out.put("error", e.toString());
        }
        return out;
    }
}
