package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.model.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDiagramTest {

    private static List<String> details(String model) {
        return ModelDiagram.of(ModelZoo.build(model, 1, 28, 28, 10)).boxes().stream().map(ModelDiagram.Box::detail)
                .toList();
    }

    @Test
    void smallCnnsPoolsShowTheirWindowStrideAndTheMapTheyShrink() {
        List<String> details = details(ModelZoo.SMALL_CNN);
        assertTrue(details.contains("MaxPool 2×2, stride 2 (28×28→14×14)"), details.toString());
        assertTrue(details.contains("MaxPool 2×2, stride 2 (14×14→7×7)"), details.toString());
        assertTrue(details.contains("AvgPool 4×4, stride 1 (7×7→4×4)"), details.toString());
    }

    @Test
    void otherLayersShowTheirKindAndOutputShape() {
        List<String> details = details(ModelZoo.SMALL_CNN);
        assertEquals("1×28×28", details.get(0));
        assertEquals("Conv2d → 32×28×28", details.get(1));
        assertEquals("Linear → 10", details.get(details.size() - 1));
    }

    @Test
    void aPaddedPoolSaysSo() {
        Node.MaxPool2d pool = new Node.MaxPool2d("pool", List.of(ModelSpec.INPUT), 3, 2, 1);
        assertEquals("MaxPool 3×3, stride 2, padding 1 (14×14→7×7)",
                ModelDiagram.detail(pool, List.of(8, 14, 14), List.of(8, 7, 7)));
    }
}
