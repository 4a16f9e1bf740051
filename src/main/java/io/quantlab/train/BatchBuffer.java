package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quantlab.data.Augmentation;
import io.quantlab.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Random;

/**
 * Native staging memory for one batch, allocated once per job. DJL's PyTorch engine wraps a
 * direct buffer without copying ({@code torch::from_blob}); from a heap array it would allocate a
 * new direct buffer per batch, freed only when the garbage collector gets to it, and the process
 * would grow by hundreds of MB per epoch.
 *
 * <p>The data set holds 8-bit pixels; they are normalized here, one image at a time through a
 * reused float array, so a batch costs no allocation and memory stays flat over an epoch.
 *
 * <p>The arrays returned alias this buffer: close them (their scope) before the next call.
 */
final class BatchBuffer {

    private final Dataset data;
    private final ByteBuffer images;
    private final ByteBuffer labels;
    private final FloatBuffer imageFloats;
    private final LongBuffer labelLongs;
    /** One normalized image on its way into {@link #imageFloats}. */
    private final float[] image;
    /** Per channel, the normalized value of a black pixel: the augmentation's padding. */
    private final float[] black;

    BatchBuffer(Dataset data, int capacity) {
        this.data = data;
        image = new float[data.imageSize()];
        black = data.normalizedBlack();
        images = ByteBuffer.allocateDirect(capacity * data.imageSize() * Float.BYTES).order(ByteOrder.nativeOrder());
        labels = ByteBuffer.allocateDirect(capacity * Long.BYTES).order(ByteOrder.nativeOrder());
        imageFloats = images.asFloatBuffer();
        labelLongs = labels.asLongBuffer();
    }

    /** Training samples {@code order[from .. from+count)}, as [count, C, H, W] images. */
    NDArray trainImages(NDManager scope, int[] order, int from, int count) {
        return trainImages(scope, order, from, count, Augmentation.NONE, null);
    }

    /**
     * Training samples {@code order[from .. from+count)}, augmented; {@code random} (may be null
     * for {@link Augmentation#NONE}) decides crops and flips, image by image in order.
     */
    NDArray trainImages(NDManager scope, int[] order, int from, int count, Augmentation augmentation,
                        Random random) {
        boolean augment = !augmentation.isNone();
        imageFloats.clear();
        for (int i = 0; i < count; i++) {
            data.normalizedTrainImage(order[from + i], image, 0);
            if (augment) {
                augmentation.apply(image, 0, data.channels(), data.height(), data.width(), black, random);
            }
            imageFloats.put(image);
        }
        return images(scope, count);
    }

    /** Labels of training samples {@code order[from .. from+count)}. */
    int[] trainLabelValues(int[] order, int from, int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.trainLabels()[order[from + i]];
        }
        return labels;
    }

    /** {@code values} as [count] int64. */
    NDArray trainLabels(NDManager scope, int[] values) {
        labelLongs.clear();
        for (int label : values) {
            labelLongs.put(label);
        }
        return labels(scope, values.length);
    }

    /** Test images {@code from .. from+count}. */
    NDArray testImages(NDManager scope, int from, int count) {
        imageFloats.clear();
        for (int i = 0; i < count; i++) {
            data.normalizedTestImage(from + i, image, 0);
            imageFloats.put(image);
        }
        return images(scope, count);
    }

    /** Test labels {@code from .. from+count}, int64. */
    NDArray testLabels(NDManager scope, int from, int count) {
        labelLongs.clear();
        for (int i = 0; i < count; i++) {
            labelLongs.put(data.testLabels()[from + i]);
        }
        return labels(scope, count);
    }

    private NDArray images(NDManager scope, int count) {
        images.clear().limit(count * data.imageSize() * Float.BYTES);
        return scope.create(images, new Shape(count, data.channels(), data.height(), data.width()), DataType.FLOAT32);
    }

    private NDArray labels(NDManager scope, int count) {
        labels.clear().limit(count * Long.BYTES);
        return scope.create(labels, new Shape(count), DataType.INT64);
    }
}
