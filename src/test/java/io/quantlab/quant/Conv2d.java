package io.quantlab.quant;

/** A plain float32 2-d convolution (stride 1, no dilation, one group), only to check BN folding. */
final class Conv2d {
    private Conv2d() {
    }

    static float[] forward(float[] x, int[] xShape, float[] w, int[] wShape, float[] bias, int padding) {
        int batch = xShape[0];
        int inChannels = xShape[1];
        int height = xShape[2];
        int width = xShape[3];
        int outChannels = wShape[0];
        int kh = wShape[2];
        int kw = wShape[3];
        int outH = height + 2 * padding - kh + 1;
        int outW = width + 2 * padding - kw + 1;
        float[] out = new float[batch * outChannels * outH * outW];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double acc = bias[o];
                        for (int c = 0; c < inChannels; c++) {
                            for (int a = 0; a < kh; a++) {
                                for (int b = 0; b < kw; b++) {
                                    int y = i + a - padding;
                                    int z = j + b - padding;
                                    if (y >= 0 && y < height && z >= 0 && z < width) {
                                        acc += (double) x[((n * inChannels + c) * height + y) * width + z]
                                                * w[((o * inChannels + c) * kh + a) * kw + b];
                                    }
                                }
                            }
                        }
                        out[((n * outChannels + o) * outH + i) * outW + j] = (float) acc;
                    }
                }
            }
        }
        return out;
    }
}
