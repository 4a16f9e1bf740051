package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantlab.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads src/test/resources/torchscript/tiny_cnn.pt, written by make_tiny_cnn.py with PyTorch 1.13,
 * and compares its logits with the ones PyTorch printed (tiny_cnn_expected.json).
 */
class TorchScriptModelTest {

    private static final Path DIR = Paths.get("src/test/resources/torchscript");

    @Test
    void tinyCnnGivesTheLogitsPyTorchGave() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(DIR.resolve("tiny_cnn_expected.json").toFile());
        try (TorchScriptModel model = TorchScriptModel.load(DIR.resolve("tiny_cnn.pt"), 1, 28, 28);
             NDManager scope = model.manager().newSubManager()) {
            assertEquals(10, model.classes());
            // the input make_tiny_cnn.py built: x[n, 0, h, w] = sin(0.1 * (n * 784 + h * 28 + w))
            float[] pixels = new float[2 * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(0.1 * i);
            }
            NDArray x = scope.create(pixels, new Shape(2, 1, 28, 28));
            NDArray logits = model.block().forward(new ParameterStore(scope, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 10), logits.getShape());
            float[] actual = logits.toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected.get("logits").get(n).get(k).asDouble(), actual[n * 10 + k], 1e-5,
                            "image " + n + " class " + k);
                }
            }
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRejectedClearly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.pt");
        Files.writeString(file, "not a zip archive");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TorchScriptModel.load(file, 1, 28, 28));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().startsWith("weights.pt is not a TorchScript file (save one with"
                + " torch.jit.script(model).save(...) or torch.jit.trace(model, x).save(...)): "
                + "PytorchStreamReader failed reading zip archive: not a ZIP archive"), e.getMessage());

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> TorchScriptModel.load(dir.resolve("absent.pt"), 1, 28, 28));
        assertEquals("There is no file absent.pt.", missing.getMessage());
    }

    @Test
    void imagesOfAnotherShapeAreRejectedClearly() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TorchScriptModel.load(DIR.resolve("tiny_cnn.pt"), 3, 32, 32));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().startsWith("tiny_cnn.pt does not take images of 3x32x32: Given groups=1, weight of"
                + " size [4, 1, 3, 3], expected input[1, 3, 32, 32] to have 1 channels"), e.getMessage());
    }
}
