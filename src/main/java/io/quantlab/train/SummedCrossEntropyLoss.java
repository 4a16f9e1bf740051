package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy of every output against the same labels, summed: output 0 is the main
 * classifier, further outputs are early exits trained alongside it (BranchyNet's joint loss,
 * Teerapittayanon et al. 2016, with equal weights). With one output it is plain cross-entropy.
 */
final class SummedCrossEntropyLoss extends Loss {

    SummedCrossEntropyLoss() {
        super("SummedSoftmaxCrossEntropyLoss");
    }

    /** {@code labels} holds one [N] class array; {@code predictions} one [N, classes] logits array per output. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray rows = labels.singletonOrThrow().reshape(-1, 1);
        NDArray sum = null;
        for (NDArray output : predictions) {
            NDArray loss = crossEntropy(output, rows);
            sum = sum == null ? loss : sum.add(loss);
        }
        if (sum == null) {
            throw new IllegalArgumentException("the model produced no output");
        }
        return sum;
    }

    /**
     * Mean over the batch of −log softmax(logits)[label]: PyTorch's CrossEntropyLoss in four
     * engine operations (DJL's SoftmaxCrossEntropyLoss takes about twice as many for the same).
     */
    private static NDArray crossEntropy(NDArray logits, NDArray labelRows) {
        return logits.logSoftmax(1).gather(labelRows, 1).mean().neg();
    }
}
