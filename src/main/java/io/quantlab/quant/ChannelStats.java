package io.quantlab.quant;

/** Min and max per channel (or over everything when the axis is null), shared by the min-max observers. */
final class ChannelStats {
    private ChannelStats() {
    }

    /** Folds the batch's minima and maxima into {@code mins} and {@code maxs}. */
    static void accumulateMinMax(float[] batch, ChannelAxis axis, float[] mins, float[] maxs) {
        if (axis == null) {
            float min = mins[0];
            float max = maxs[0];
            for (float v : batch) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            mins[0] = min;
            maxs[0] = max;
            return;
        }
        int outer = axis.outer(batch.length);
        int inner = axis.inner();
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < axis.channels(); c++) {
                float min = mins[c];
                float max = maxs[c];
                int from = (o * axis.channels() + c) * inner;
                for (int i = from; i < from + inner; i++) {
                    min = Math.min(min, batch[i]);
                    max = Math.max(max, batch[i]);
                }
                mins[c] = min;
                maxs[c] = max;
            }
        }
    }
}
