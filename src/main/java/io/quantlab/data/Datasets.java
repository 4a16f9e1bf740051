package io.quantlab.data;

import io.quantlab.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The data sets a job can train on, by name: the built-in Fashion-MNIST and synthetic sets, and
 * user data sets, one folder each in the user data set folder (QUANTLAB_HOME/datasets), named
 * after the folder and in one of the {@link DatasetFormat official layouts}. Each is loaded at
 * most once per process and then shared by every job, so a class of thirty students pressing
 * "train" costs one load.
 */
public final class Datasets {

    public static final Path DEFAULT_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The data sets that need no user folder (Fashion-MNIST may still be not installed). */
    public static final List<String> BUILT_IN_NAMES = List.of(FashionMnist.NAME, SyntheticImages.NAME);
    /** The data set a new experiment starts with. */
    public static final String DEFAULT_NAME = FashionMnist.NAME;
    /** What a user data set (its folder) may be called. */
    public static final Pattern NAME_RULE = Pattern.compile("[a-z0-9-]{2,40}");

    /** Loaded data sets by (name, canonical folder). */
    private static final Map<List<Object>, Dataset> LOADED = new ConcurrentHashMap<>();
    private static final Object IMPORT_LOCK = new Object();
    /** Staged uploads wait in hidden folders, which every listing ignores. */
    private static final String UPLOAD_PREFIX = ".upload-";
    /** A hidden file in an imported data set's folder: the upload folder it was unpacked in. */
    private static final String IMPORTED_FROM = ".imported-from";

    private final Path fashionMnistDir;
    private final Path userDatasetsDir;

    /**
     * @param userDatasetsDir the folder of user data sets (created on the first import), or null
     *                        for none
     */
    public Datasets(Path fashionMnistDir, Path userDatasetsDir) {
        this.fashionMnistDir = canonical(fashionMnistDir);
        this.userDatasetsDir = userDatasetsDir == null ? null : canonical(userDatasetsDir);
        userFolders(); // registers the names found
    }

    /** Without user data sets. */
    public Datasets(Path fashionMnistDir) {
        this(fashionMnistDir, null);
    }

    /** Uses {@link #DEFAULT_FASHION_MNIST_DIR}, without user data sets. */
    public Datasets() {
        this(DEFAULT_FASHION_MNIST_DIR);
    }

    /**
     * The data set called {@code name}, loading it on first use.
     *
     * @throws InvalidInputException (field "dataset") for an unknown name, files not installed, or
     *                               a user folder in no known format
     * @throws UncheckedIOException when the files are there but unreadable or inconsistent
     */
    public Dataset get(String name) {
        if (SyntheticImages.NAME.equals(name)) {
            return SyntheticHolder.DATASET;
        }
        if (FashionMnist.NAME.equals(name)) {
            return fashionMnist();
        }
        Path folder = userFolder(name);
        if (folder == null) {
            throw unknown(name);
        }
        DatasetFormat.Detection detection = DatasetFormat.detect(folder);
        if (!detection.found()) {
            throw new InvalidInputException("dataset", "Data set " + InvalidInputException.quote(name) + " cannot be used: "
                    + detection.problem() + ".");
        }
        return LOADED.computeIfAbsent(List.of(name, folder), key -> {
            try {
                return detection.format().load(name, detection.root());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read data set '" + name + "' (" + detection.format().title
                        + ") from " + folder + ": " + e.getMessage(), e);
            }
        });
    }

    /** The built-ins, then the user data sets present now (in a known format), sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(BUILT_IN_NAMES);
        for (Path folder : userFolders()) {
            if (DatasetFormat.detect(folder).found()) {
                names.add(folder.getFileName().toString());
            }
        }
        return names;
    }

    /**
     * Presence and sizes of the built-ins, then of every user data set folder (also those in no
     * known format, with the reason), from file headers, sizes and listings: loads nothing.
     */
    public List<DatasetStatus> status() {
        List<DatasetStatus> status = new ArrayList<>();
        status.add(FashionMnist.status(fashionMnistDir));
        status.add(SyntheticImages.status());
        for (Path folder : userFolders()) {
            status.add(userStatus(folder));
        }
        return status;
    }

    /** The folder of user data sets, or null when this instance has none. */
    public Path userDatasetsDir() {
        return userDatasetsDir;
    }

    /**
     * The quick part of an upload, for the request: checks the name, stores the zip in a hidden
     * folder of the user data set folder, and checks its listing (size limits, no paths outside
     * the folder, a data set in a known format). Nothing is unpacked or decoded: that is
     * {@link #importStaged}'s work. On any failure nothing is left behind.
     *
     * @param maxBytes limit for the zip itself and, separately, for its unpacked content
     * @throws InvalidInputException field "name" for a bad or taken name, field "file" for a zip
     *                               that is too big, unsafe, broken or in no known format
     * @throws UncheckedIOException  when the server cannot write its own folder
     */
    public StagedUpload stage(String name, InputStream zip, long maxBytes) {
        requireUserFolder();
        checkNewName(name);
        Path work = null;
        try {
            Files.createDirectories(userDatasetsDir);
            work = Files.createTempDirectory(userDatasetsDir, UPLOAD_PREFIX);
            Path upload = DatasetUpload.store(zip, maxBytes, work);
            DatasetUpload.checkListing(upload, maxBytes);
            DatasetFormat.Detection detection = DatasetUpload.detect(upload);
            if (!detection.found()) {
                throw new InvalidInputException("file", "The zip holds no data set in a known format: "
                        + detection.problem() + ".");
            }
            return new StagedUpload(name, work.getFileName().toString(), detection.format().title);
        } catch (IOException e) {
            deleteQuietly(work);
            throw new UncheckedIOException("Cannot store the upload of '" + name + "' in " + userDatasetsDir
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(work);
            throw e;
        }
    }

    /**
     * The slow part of an upload, for a job: unpacks the staged zip, decodes every image (reporting
     * to {@code progress}), and only when all of it loads moves the folder into place as data set
     * {@code staged.name()}. The staged folder is deleted in every case, so a failure leaves
     * nothing behind.
     *
     * @return the new data set's status
     * @throws InvalidInputException field "name" when the name was taken meanwhile, field "file"
     *                               when the zip does not unpack or its files do not load
     * @throws UncheckedIOException  when the server cannot write its own folder
     */
    public DatasetStatus importStaged(StagedUpload staged, long maxBytes, ImportProgress progress) {
        requireUserFolder();
        Path work = uploadFolder(staged.folder());
        String name = staged.name();
        Path target = userDatasetsDir.resolve(name);
        if (importedFrom(staged, target)) {
            // an earlier attempt moved it into place, then its worker stopped before saying so
            DatasetUpload.deleteRecursively(work);
            return userStatus(target);
        }
        Dataset loaded;
        try {
            checkNewName(name);
            Path upload = work.resolve(DatasetUpload.ZIP);
            if (!Files.isRegularFile(upload)) {
                throw new InvalidInputException("file", "The uploaded zip is no longer on the server; upload it again.");
            }
            Path unpacked = DatasetUpload.unpack(upload, maxBytes, work.resolve("data"), progress);
            DatasetFormat.Detection detection = DatasetFormat.detect(unpacked);
            if (!detection.found()) {
                throw new InvalidInputException("file", "The zip holds no data set in a known format: "
                        + detection.problem().replace(unpacked.toString(), "the zip") + ".");
            }
            try {
                loaded = detection.format().load(name, detection.root(), progress);
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new InvalidInputException("file", "The zip holds " + detection.format().title
                        + " files but they do not load: " + why.replace(unpacked + "/", ""));
            }
            Files.writeString(unpacked.resolve(IMPORTED_FROM), staged.folder());
            synchronized (IMPORT_LOCK) {
                checkNewName(name); // another import may have taken it meanwhile
                Files.move(unpacked, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store data set '" + name + "' in " + userDatasetsDir
                    + ": " + e.getMessage(), e);
        } finally {
            DatasetUpload.deleteRecursively(work);
        }
        LOADED.put(List.of(name, target), loaded);
        return userStatus(target);
    }

    /** Whether {@code target} is the data set that {@code staged} was unpacked into. */
    private static boolean importedFrom(StagedUpload staged, Path target) {
        try {
            return staged.folder().equals(Files.readString(target.resolve(IMPORTED_FROM)).trim());
        } catch (IOException e) {
            return false; // no such data set, or not an upload's
        }
    }

    /** Deletes a staged upload that will not be imported (e.g. it could not be queued). */
    public void discardStaged(StagedUpload staged) {
        requireUserFolder();
        DatasetUpload.deleteRecursively(uploadFolder(staged.folder()));
    }

    /**
     * How many training images data set {@code name} has, from headers and listings (or the
     * loaded set): decodes nothing.
     *
     * @throws InvalidInputException (field "dataset") for an unknown name, files not installed, or
     *                               a user folder that cannot be used
     */
    public int trainingImages(String name) {
        if (SyntheticImages.NAME.equals(name)) {
            return SyntheticImages.status().trainSamples();
        }
        if (FashionMnist.NAME.equals(name)) {
            Dataset loaded = LOADED.get(List.of(FashionMnist.NAME, fashionMnistDir));
            if (loaded != null) {
                return loaded.trainSize();
            }
            IdxDataset.Location files = FashionMnist.locate(fashionMnistDir);
            if (!files.missing().isEmpty()) {
                throw fashionMnistMissing(files);
            }
            return statusOf(FashionMnist.status(fashionMnistDir)).trainSamples();
        }
        Path folder = userFolder(name);
        if (folder == null) {
            throw unknown(name);
        }
        return statusOf(userStatus(folder)).trainSamples();
    }

    private static DatasetStatus statusOf(DatasetStatus status) {
        if (!status.present()) {
            throw new InvalidInputException("dataset", "Data set '" + status.name() + "' cannot be used: "
                    + status.detail() + ".");
        }
        return status;
    }

    private void requireUserFolder() {
        if (userDatasetsDir == null) {
            throw new IllegalStateException("no folder for user data sets is configured");
        }
    }

    /** The hidden folder of a staged upload; the name comes from the database, so it is checked. */
    private Path uploadFolder(String folder) {
        if (folder == null || !folder.matches(Pattern.quote(UPLOAD_PREFIX) + "[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("not an upload folder: " + folder);
        }
        return userDatasetsDir.resolve(folder);
    }

    private static void deleteQuietly(Path folder) {
        if (folder != null) {
            DatasetUpload.deleteRecursively(folder);
        }
    }

    private void checkNewName(String name) {
        if (name == null || !NAME_RULE.matcher(name).matches()) {
            throw new InvalidInputException("name", "A data set name is 2 to 40 characters of a-z, 0-9 and '-'; got "
                    + InvalidInputException.quote(name) + ".");
        }
        if (BUILT_IN_NAMES.contains(name)) {
            throw new InvalidInputException("name", InvalidInputException.quote(name) + " is a built-in data set; choose another name.");
        }
        if (Files.exists(userDatasetsDir.resolve(name))) {
            throw new InvalidInputException("name", "A data set called " + InvalidInputException.quote(name)
                    + " exists already; choose another name or delete it first.");
        }
    }

    private Dataset fashionMnist() {
        IdxDataset.Location files = FashionMnist.locate(fashionMnistDir);
        if (!files.missing().isEmpty()) {
            throw fashionMnistMissing(files);
        }
        return LOADED.computeIfAbsent(List.of(FashionMnist.NAME, fashionMnistDir), key -> {
            try {
                return FashionMnist.load(files);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Fashion-MNIST from " + fashionMnistDir + ": "
                        + e.getMessage(), e);
            }
        });
    }

    private InvalidInputException unknown(String name) {
        return new InvalidInputException("dataset",
                "Unknown data set " + InvalidInputException.quote(name) + "; choose one of: " + String.join(", ", names()) + ".");
    }

    private InvalidInputException fashionMnistMissing(IdxDataset.Location files) {
        return new InvalidInputException("dataset", "Data set 'fashion-mnist' is not installed: "
                + String.join(", ", files.missing()) + " missing in " + fashionMnistDir + "; "
                + FashionMnist.INSTALL_HINT + fashionMnistDir + ". The 'synthetic' data set is always available.");
    }

    private DatasetStatus userStatus(Path folder) {
        String name = folder.getFileName().toString();
        Dataset loaded = LOADED.get(List.of(name, folder));
        DatasetFormat.Detection detection = DatasetFormat.detect(folder);
        if (!detection.found()) {
            return new DatasetStatus(name, false, 0, 0, "cannot be used: " + detection.problem());
        }
        if (loaded != null) {
            return new DatasetStatus(name, true, loaded.trainSize(), loaded.testSize(), loaded.height() + "x"
                    + loaded.width() + (loaded.channels() == 1 ? " grayscale, " : " RGB, ") + loaded.classes()
                    + " classes, " + detection.format().title + " in " + detection.root() + " (loaded)");
        }
        return detection.format().status(name, detection.root());
    }

    /** The folder of user data set {@code name}, or null when there is none. */
    private Path userFolder(String name) {
        if (userDatasetsDir == null || name == null || !NAME_RULE.matcher(name).matches()
                || BUILT_IN_NAMES.contains(name)) {
            return null;
        }
        Path folder = userDatasetsDir.resolve(name);
        if (!Files.isDirectory(folder)) {
            return null;
        }
        return folder;
    }

    /** The sub-folders of the user data set folder with valid names, sorted. */
    private List<Path> userFolders() {
        List<Path> folders = new ArrayList<>();
        if (userDatasetsDir == null) {
            return folders;
        }
        for (Path child : DatasetFormat.visibleChildren(userDatasetsDir)) {
            String name = child.getFileName().toString();
            if (Files.isDirectory(child) && NAME_RULE.matcher(name).matches() && !BUILT_IN_NAMES.contains(name)) {
                folders.add(child);
                    }
        }
        return folders;
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException absent) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Generated on first use only (lazy holder idiom: thread-safe, no locking after). */
    private static final class SyntheticHolder {
        static final Dataset DATASET = SyntheticImages.generate();
    }
}
