package io.quantlab.discretize;

import java.util.List;

/** Everything the lab page shows for one setup: the comparison, and charts and formulas for one width. */
public record LabRun(DiscretizeSettings settings, Comparison comparison, int plotBits, Plots plots,
        List<Formula> formulas, OutlierDemo outlierDemo) {
}
