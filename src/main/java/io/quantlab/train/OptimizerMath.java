package io.quantlab.train;

/**
 * One optimizer update of one parameter, in place, as a single pass over its values: PyTorch's
 * formulas ({@code torch.optim.Adam} and {@code torch.optim.SGD}, L2 weight decay added to the
 * gradient, no dampening, no Nesterov). Plain loops over float arrays, which the JIT compiles to
 * vector instructions; every value is computed on its own, so the result does not depend on
 * threads or on how parameters are split.
 */
final class OptimizerMath {

    static final float ADAM_BETA1 = 0.9f;
    static final float ADAM_BETA2 = 0.999f;
    static final float ADAM_EPSILON = 1e-8f;

    private OptimizerMath() {}

    /**
     * Adam step {@code t} (1 for the first update) on {@code w[0..n)} with gradient {@code g},
     * first moments {@code m} and second moments {@code v} (zero before the first step).
     */
    static void adam(float[] w, float[] g, float[] m, float[] v, int n, double rate, double weightDecay, long t) {
        float b1 = ADAM_BETA1;
        float b2 = ADAM_BETA2;
        float stepSize = (float) (rate / (1 - Math.pow(b1, t)));
        float correction2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, t));
        float wd = (float) weightDecay;
        float eps = ADAM_EPSILON;
        for (int i = 0; i < n; i++) {
            float grad = g[i] + wd * w[i];
            float mi = b1 * m[i] + (1 - b1) * grad;
            float vi = b2 * v[i] + (1 - b2) * grad * grad;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) / correction2Sqrt + eps);
        }
    }

    /**
     * SGD on {@code w[0..n)} with gradient {@code g} and momentum buffer {@code buffer} (zero
     * before the first step, which makes PyTorch's first-step copy of the gradient the same sum).
     */
    static void sgd(float[] w, float[] g, float[] buffer, int n, double rate, double momentum, double weightDecay) {
        float lr = (float) rate;
        float mu = (float) momentum;
        float wd = (float) weightDecay;
        for (int i = 0; i < n; i++) {
            float b = mu * buffer[i] + g[i] + wd * w[i];
            buffer[i] = b;
            w[i] -= lr * b;
        }
    }
}
