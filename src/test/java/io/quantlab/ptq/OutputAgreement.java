package io.quantlab.ptq;

import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.InputNormalization;

/**
 * How closely the simulation and a deployed file agree on test images, over every output of the
 * graph: percent of (image, output) pairs with the same top-1 class, and percent of logits within
 * one output step of each other, the step being 1/255 of the span of the simulated logits of the
 * first batch (what quantizing the output to 8 bits would cost).
 */
record OutputAgreement(double top1, double withinAStep, float step) {

    private static final int BATCH = 250;

    static OutputAgreement of(FakeQuantizedNetwork simulation, DeployedModel deployed, Dataset data, int images) {
        int agreeingClasses = 0;
        int rows = 0;
        int withinAStep = 0;
        int logits = 0;
        float step = Float.NaN;
        for (int from = 0; from < images; from += BATCH) {
            int count = Math.min(BATCH, images - from);
            float[] normalized = new float[count * data.imageSize()];
            for (int i = 0; i < count; i++) {
                data.normalizedTestImage(from + i, normalized, i * data.imageSize());
            }
            float[][][] simulated = simulation.outputs(normalized, count);
            float[][][] ort = deployed.runAll(InputNormalization.scaledTestImages(data, from, count), count);
            if (Float.isNaN(step)) {
                step = span(simulated[0]) / 255;
            }
            for (int o = 0; o < simulated.length; o++) {
                for (int n = 0; n < count; n++) {
                    agreeingClasses += DeployedModel.argmax(simulated[o][n]) == DeployedModel.argmax(ort[o][n]) ? 1 : 0;
                    rows++;
                    for (int k = 0; k < simulated[o][n].length; k++) {
                        withinAStep += Math.abs(simulated[o][n][k] - ort[o][n][k]) <= step ? 1 : 0;
                        logits++;
                    }
                }
            }
        }
        return new OutputAgreement(100.0 * agreeingClasses / rows, 100.0 * withinAStep / logits, step);
    }

    private static float span(float[][] logits) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : logits) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max - min;
    }
}
