package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quantlab.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Native staging memory for one batch, allocated once per job. DJL's PyTorch engine wraps a
 * direct buffer without copying ({@code torch::from_blob}); from a heap array it would allocate a
 * new direct buffer per batch, freed only when the garbage collector gets to it, and the process
 * would grow by hundreds of MB per epoch.
 *
 * <p>The arrays returned alias this buffer: close them (their scope) before the next call.
 */
final class BatchBuffer {

    private final Dataset data;
    private final ByteBuffer images;
    private final ByteBuffer labels;
    private final FloatBuffer imageFloats;
    private final LongBuffer labelLongs;

    BatchBuffer(Dataset data, int capacity) {
        this.data = data;
        images = ByteBuffer.allocateDirect(capacity * data.imageSize() * Float.BYTES).order(ByteOrder.nativeOrder());
        labels = ByteBuffer.allocateDirect(capacity * Long.BYTES).order(ByteOrder.nativeOrder());
        imageFloats = images.asFloatBuffer();
        labelLongs = labels.asLongBuffer();
    }

    /** Training samples {@code order[from .. from+count)}, as [count, C, H, W] images. */
    NDArray trainImages(NDManager scope, int[] order, int from, int count) {
        int pixels = data.imageSize();
        imageFloats.clear();
        for (int i = 0; i < count; i++) {
            imageFloats.put(data.trainImages(), order[from + i] * pixels, pixels);
        }
        return images(scope, count);
    }

    /** Labels of training samples {@code order[from .. from+count)}, as [count] int64. */
    NDArray trainLabels(NDManager scope, int[] order, int from, int count) {
        labelLongs.clear();
        for (int i = 0; i < count; i++) {
            labelLongs.put(data.trainLabels()[order[from + i]]);
        }
        return labels(scope, count);
    }

    /** Test images {@code from .. from+count}. */
    NDArray testImages(NDManager scope, int from, int count) {
        int pixels = data.imageSize();
        imageFloats.clear();
        imageFloats.put(data.testImages(), from * pixels, count * pixels);
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
