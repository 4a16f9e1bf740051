package io.quantlab.imported;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobQueue;
import io.quantlab.model.TorchScriptModel;
import io.quantlab.store.AuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Instructors import a TorchScript network trained elsewhere for a data set; a job evaluates it
 * in FP32 (accuracy, latency, size) like a trained model.
 */
public final class ImportService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

    private final ImportedModelStore store;
    private final Datasets datasets;
    private final JobQueue queue;
    private final AuditLog audit;

    public ImportService(ImportedModelStore store, Datasets datasets, JobQueue queue, AuditLog audit) {
        this.store = store;
        this.datasets = datasets;
        this.queue = queue;
        this.audit = audit;
    }

    /**
     * Checks that the file is TorchScript taking the data set's images and giving its classes, then
     * queues its evaluation. One forward pass of a zero image runs here, so the uploader hears at
     * once when the file does not fit.
     */
    public long importModel(User instructor, String name, String dataset, String fileName, byte[] content) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors import models");
        }
        String cleanName = name == null ? "" : name.trim();
        if (!NAME.matcher(cleanName).matches()) {
            throw new InvalidInputException("name", "name: 1–100 characters, letters, digits, space, . _ -");
        }
        if (content == null || content.length == 0) {
            throw new InvalidInputException("file", "file: choose a TorchScript .pt file");
        }
        Dataset data = datasets.get(dataset == null ? "" : dataset.trim());
        withModel(content, fileName, data, model -> {
            if (model.classes() != data.classes()) {
                throw new InvalidInputException("file", fileName + " gives " + model.classes() + " class scores but "
                        + data.name() + " has " + data.classes() + " classes.");
            }
            return null;
        });
        long id = store.insertQueued(instructor.id(), cleanName, data.name(), fileName, content);
        audit.record(instructor.id(), "model-imported", "#" + id + " " + cleanName + " for " + data.name());
        queue.enqueue(JobQueue.IMPORTED_MODEL, id);
        return id;
    }

    public List<ImportedModel> all() {
        return store.all();
    }

    interface ModelWork<T> {
        T run(TorchScriptModel model);
    }

    /** Loads the bytes as a TorchScript model for the data set's image shape (through a temp file, as DJL reads files). */
    static <T> T withModel(byte[] content, String fileName, Dataset data, ModelWork<T> work) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("quantlab-import");
            Path file = dir.resolve(safeFileName(fileName));
            Files.write(file, content);
            try (TorchScriptModel model = TorchScriptModel.load(file, data.channels(), data.height(), data.width())) {
                return work.run(model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the uploaded model", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String safeFileName(String fileName) {
        String base = fileName == null ? "" : Path.of(fileName).getFileName().toString();
        return base.matches("[A-Za-z0-9._-]{1,100}") ? base : "model.pt";
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
