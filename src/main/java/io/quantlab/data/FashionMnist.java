package io.quantlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Fashion-MNIST (Xiao et al. 2017) from its four IDX files: 28×28 grayscale, 10 classes. */
final class FashionMnist {

    static final String NAME = "fashion-mnist";
    static final int CLASSES = 10;
    /** Mean and standard deviation of the training pixels scaled to [0, 1]. */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;
    /** In label order, as the data set's README names them. */
    static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final String INSTALL_HINT = "install it with 'apt-get install dataset-fashion-mnist' or copy"
            + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
            + " t10k-labels-idx1-ubyte.gz (gzip or plain) into ";

    private FashionMnist() {}

    static IdxDataset.Location locate(Path dir) {
        return IdxDataset.locate(dir);
    }

    static Dataset load(IdxDataset.Location files) throws IOException {
        return IdxDataset.load(NAME, files, CLASSES, new float[] {MEAN, STD}, CLASS_NAMES);
    }

    /** Counts from the headers alone. */
    static DatasetStatus status(Path dir) {
        return IdxDataset.status(NAME, locate(dir), CLASSES, INSTALL_HINT + dir);
    }
}
