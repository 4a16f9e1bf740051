package io.quantlab.deploy;

import io.quantlab.data.Dataset;

/**
 * The per-channel normalization the trainer applies to images scaled to [0, 1]:
 * x = (p / 255 − mean[c]) / std[c]. The exported graph starts with it (Sub, then Div), so a
 * deployed file takes what torchvision's {@code ToTensor} gives: float pixels in [0, 1], NCHW.
 */
public record InputNormalization(float[] mean, float[] std) {

    public InputNormalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel");
        }
        mean = mean.clone();
        std = std.clone();
    }

    public static InputNormalization of(Dataset data) {
        return new InputNormalization(data.mean(), data.std());
    }

    public int channels() {
        return mean.length;
    }

    /**
     * Test images {@code from .. from + count} as the deployed graph takes them: p / 255 in float32
     * (the same value the trainer's normalization starts from), NCHW.
     */
    public static float[] scaledTestImages(Dataset data, int from, int count) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        float[] out = new float[count * data.imageSize()];
        int i = 0;
        for (int n = from; n < from + count; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[i++] = data.testPixel(n, ch, y, x) / 255f;
                    }
                }
            }
        }
        return out;
    }
}
