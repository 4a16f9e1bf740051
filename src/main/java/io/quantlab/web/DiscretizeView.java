package io.quantlab.web;

import io.quantlab.discretize.BitView;
import io.quantlab.discretize.NumberFormat;
import java.util.List;

/** Lab 1's page: the form, the results (or what is wrong with the form), the bit view, the format table. */
public record DiscretizeView(Page page, DiscretizeForm form, Outcome<DiscretizeResultsView> results,
        Outcome<BitView> bitView, List<NumberFormat> formats) {
    public boolean failed() {
        return results.failed() || bitView.failed();
    }
}
