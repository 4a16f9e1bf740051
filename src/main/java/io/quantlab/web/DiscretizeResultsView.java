package io.quantlab.web;

import io.quantlab.discretize.LabRun;

/**
 * The part of the lab page htmx swaps: the table, the formulas, the charts (their data as JSON for
 * discretize.js) and the outlier demo.
 *
 * @param swapped sent to htmx, so it also updates the form's hidden {@code plot} field (out of band)
 */
public record DiscretizeResultsView(LabRun run, PageJson plotJson, boolean swapped) {
    static DiscretizeResultsView of(LabRun run, boolean swapped) {
        return new DiscretizeResultsView(run, PageJson.of(run.plots()), swapped);
    }
}
