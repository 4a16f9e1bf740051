package io.quantlab.web;

/**
 * The labs that start from a finished FP32 training: the form each opens on it (after
 * {@code /experiments/{id}/}) and what its "how to get a training" page says.
 */
public enum LabStart {
    PTQ("ptq", "quantize", "Lab 3 · Post-training quantization", "PTQ quantizes a trained FP32 model", "Quantize"),
    QAT("qat", "qat", "Lab 4 · Quantization-aware training",
            "QAT fine-tunes a trained FP32 model with the quantization in the loop", "Quantization-aware training"),
    CUSTOM("custom", "quantizer", "Lab 5 · Your own quantizer",
            "The composer fills each part's formula with a trained FP32 model's weights and fine-tunes that model",
            "Compose a quantizer");

    /** The lab's address under /labs/ and the id prefix of its page. */
    public final String slug;
    /** The form's address after /experiments/{id}/. */
    public final String form;
    public final String title;
    /** What the lab does with a training, the start of a sentence. */
    public final String startsFrom;
    /** The button on a finished training's page that opens the lab. */
    public final String button;

    LabStart(String slug, String form, String title, String startsFrom, String button) {
        this.slug = slug;
        this.form = form;
        this.title = title;
        this.startsFrom = startsFrom;
        this.button = button;
    }
}
