package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamedFormTest {

    @Test
    void shortFieldsAreDecodedAndTheLongOneIsReadAsItArrives() throws IOException {
        String numbers = "1.5, -2e3\n" + "0.25 ".repeat(50_000) + "ünï";
        String body = "signal=custom&junk=" + "x".repeat(100_000) + "&flag&bits=8%2C4+2&values="
                + URLEncoder.encode(numbers, StandardCharsets.UTF_8) + "&n=&bits=16";
        StringBuilder read = new StringBuilder();
        Map<String, String> fields = StreamedForm.read(trickling(body), Set.of("signal", "bits", "n", "flag"),
                "values", text -> text.transferTo(new java.io.Writer() {
                    @Override
                    public void write(char[] chars, int offset, int length) {
                        read.append(chars, offset, length);
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                }));

        assertEquals(numbers, read.toString(), "the long field's text, decoded, across many small reads");
        assertEquals(Map.of("signal", "custom", "bits", "8,4 2", "n", ""), fields,
                "the first of repeated fields; a name without '=' has no value; fields not asked for are skipped");
    }

    @Test
    void aShortFieldTooLongOrBadlyEncodedIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> StreamedForm.read(
                trickling("bits=" + "8,".repeat(10_000)), Set.of("bits"), "values", text -> { }));
        assertEquals("bits", e.field());
        assertTrue(e.getMessage().startsWith("bits: longer than 10000 characters"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> StreamedForm.read(trickling("bits=%G1"), Set.of("bits"),
                "values", text -> { }));
    }

    /** The body in reads of at most 7 bytes, as a slow network hands it over. */
    private static InputStream trickling(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] into, int offset, int length) {
                return super.read(into, offset, Math.min(length, 7));
            }
        };
    }
}
