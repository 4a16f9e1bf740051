package io.quantlab.web.composer;

import io.quantlab.experiment.Experiment;
import io.quantlab.web.FilledForm;
import io.quantlab.web.Page;
import java.util.List;
import java.util.Map;

/**
 * Lab 5's composer for one FP32 parent: the parts as typed (or the defaults), the parent's
 * weighted layers with those to quantize checked and their own bits, the bad field's message when
 * the job was refused, and the formulas of the selected layer.
 */
public record ComposerView(Page page, Experiment parent, boolean parentIsBaseline, Map<String, String> values,
        List<String> layerNames, List<String> checkedLayers, Map<String, String> layerBits, String error,
        String errorField, FormulasView formulas) implements FilledForm {

    public boolean checked(String layer) {
        return checkedLayers.contains(layer);
    }

    public String bitsOf(String layer) {
        return layerBits.getOrDefault(layer, "");
    }
}
