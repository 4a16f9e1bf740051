package io.quantlab.web;

import io.javalin.http.Context;
import io.quantlab.InvalidInputException;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.PastedNumbers;
import io.quantlab.discretize.SettingsFields;
import io.quantlab.discretize.Signal;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The lab form as htmx posts it, read as it arrives: the pasted numbers go straight into a float
 * array; their text is kept only while it is short enough for the page's link.
 *
 * @param numbers        the pasted numbers, or null when none were read
 * @param numbersProblem why the pasted numbers could not be read; it matters only for the signal "custom"
 */
record DiscretizeFormPost(DiscretizeForm form, float[] numbers, InvalidInputException numbersProblem) {
    private static final Set<String> SHORT_FIELDS = new HashSet<>(DiscretizeForm.FIELDS);

    static {
        SHORT_FIELDS.remove("values");
    }

    /** Reads the posted form; with {@code parseNumbers} false the pasted numbers are only skipped. */
    static DiscretizeFormPost read(Context ctx, boolean parseNumbers) throws IOException {
        // A form posted without htmx's CSRF header was read whole already (Auth looked for its token field).
        if (!ctx.isFormUrlencoded() || ctx.req().getInputStream().isFinished()) {
            return new DiscretizeFormPost(DiscretizeForm.read(ctx::formParam), null, null);
        }
        StringBuilder shortValues = new StringBuilder();
        boolean[] sent = {false};
        float[][] numbers = {null};
        InvalidInputException[] problem = {null};
        Map<String, String> fields = StreamedForm.read(BodyAdmission.largeBody(ctx), SHORT_FIELDS, "values", text -> {
            sent[0] = true;
            Reader kept = keepingShortText(text, shortValues);
            if (parseNumbers) {
                try {
                    numbers[0] = PastedNumbers.read(kept, "values");
                } catch (InvalidInputException e) {
                    problem[0] = e;
                }
            }
            kept.transferTo(Writer.nullWriter());
        });
        if (sent[0] && shortValues.length() <= DiscretizeForm.MAX_VALUES_IN_LINK) {
            fields.put("values", shortValues.toString());
        }
        return new DiscretizeFormPost(new DiscretizeForm(fields), numbers[0], problem[0]);
    }

    /** The lab's settings; the pasted numbers' problem only when they are used. */
    DiscretizeSettings settings() {
        Map<String, String> fields = form.values();
        String signal = fields.get("signal");
        if (numbersProblem != null && (signal == null || signal.trim().equals(Signal.CUSTOM.label()))) {
            throw numbersProblem;
        }
        return SettingsFields.parse(fields::get, numbers);
    }

    /** {@code text} as it is read, its first characters copied into {@code shortText} (one more than a link takes). */
    private static Reader keepingShortText(Reader text, StringBuilder shortText) {
        return new FilterReader(text) {
            @Override
            public int read(char[] chars, int offset, int length) throws IOException {
                int n = super.read(chars, offset, length);
                int room = DiscretizeForm.MAX_VALUES_IN_LINK + 1 - shortText.length();
                if (n > 0 && room > 0) {
                    shortText.append(chars, offset, Math.min(n, room));
                }
                return n;
            }
        };
    }
}
