package io.quantlab.torch;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off on this thread until closed, like
 * {@code torch.no_grad()}. Needed for inference on job threads: PyTorch's grad mode is per thread
 * and on by default, so without this every forward pass would build a backward graph.
 * The PyTorch engine must be loaded (a Model or NDManager created) first.
 */
public final class NoGradient implements AutoCloseable {

    private final boolean previous;

    public NoGradient() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
