package io.quantlab.web.mixed;

import io.quantlab.mixed.PackedModelSizes;
import io.quantlab.web.qat.QatFormView;
import java.util.List;

/**
 * The mixed-precision form: the fine-tuning's fields as Lab 4's form keeps them, the parent's
 * model sizes to set the budget against, and the candidate widths checked.
 */
public record MixedPrecisionFormView(QatFormView form, PackedModelSizes sizes, List<String> checkedBits) {

    public List<Integer> widths() {
        return MixedPrecisionRoutes.WIDTHS;
    }

    public boolean checked(int bits) {
        return checkedBits.contains(String.valueOf(bits));
    }
}
