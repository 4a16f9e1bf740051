package io.quantlab.web;

import io.quantlab.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@code application/x-www-form-urlencoded} body read as it arrives. Short fields become text;
 * one long field (Lab 1's pasted numbers) is handed over as a {@link Reader} of its decoded text,
 * so a 20 MB field never becomes a string. Fields not asked for are skipped unread.
 */
final class StreamedForm {
    /** Longer than any short field of a form; a longer one is a mistake or an attack. */
    static final int SHORT_FIELD_BYTES = 10_000;
    private final InputStream body;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    /** Whether the last name read ended with '=', so a value follows. */
    private boolean valueFollows;

    /** What to do with the long field's text; it may stop reading early, the rest is skipped. */
    interface LongField {
        void read(Reader text) throws IOException;
    }

    private StreamedForm(InputStream body) {
        this.body = body;
    }

    /** The short {@code fields} that were sent (the first of repeated ones); {@code longField}'s text goes to {@code reader}. */
    static Map<String, String> read(InputStream body, Set<String> fields, String longField, LongField reader)
            throws IOException {
        return new StreamedForm(body).fields(fields, longField, reader);
    }

    private Map<String, String> fields(Set<String> fields, String longField, LongField reader) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        boolean longFieldRead = false;
        while (peek() >= 0) {
            String name = shortText(null, '=');
            if (!valueFollows) {
                continue;
            }
            if (name.equals(longField) && !longFieldRead) {
                longFieldRead = true;
                FieldBytes value = new FieldBytes();
                reader.read(new InputStreamReader(value, StandardCharsets.UTF_8));
                value.skipRest();
            } else if (fields.contains(name) && !out.containsKey(name)) {
                out.put(name, shortText(name, '&'));
            } else {
                new FieldBytes().skipRest();
            }
        }
        return out;
    }

    /** A name (up to '=') or a short value (up to '&'), decoded. */
    private String shortText(String field, char end) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int b = decoded(end); b >= 0; b = decoded(end)) {
            if (text.size() == SHORT_FIELD_BYTES) {
                String what = field == null ? "a form field's name" : field;
                throw new InvalidInputException(field, what + ": longer than " + SHORT_FIELD_BYTES + " characters");
            }
            text.write(b);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    /** The next byte of the current name or value with %XX and '+' decoded; -1 at {@code end} (consumed) or the body's end. */
    private int decoded(char end) throws IOException {
        int b = next();
        if (b < 0 || b == end || b == '&') {
            valueFollows = b == '=' && end == '=';
            return -1;
        }
        if (b == '+') {
            return ' ';
        }
        if (b != '%') {
            return b;
        }
        int high = Character.digit(next(), 16);
        int low = Character.digit(next(), 16);
        if (high < 0 || low < 0) {
            throw new InvalidInputException(null, "the form is not properly encoded: '%' must be followed by two hex digits");
        }
        return high << 4 | low;
    }

    private int peek() throws IOException {
        if (position == limit) {
            limit = Math.max(body.read(buffer), 0);
            position = 0;
        }
        return position < limit ? buffer[position] & 0xff : -1;
    }

    private int next() throws IOException {
        int b = peek();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    /** The decoded bytes of the value being read, up to its '&'. */
    private final class FieldBytes extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b = decoded('&');
            ended = b < 0;
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = 0;
            while (n < length) {
                int b = read();
                if (b < 0) {
                    break;
                }
                into[offset + n++] = (byte) b;
            }
            return n == 0 ? -1 : n;
        }

        void skipRest() throws IOException {
            while (read() >= 0) {
                // the unwanted rest of this field
            }
        }
    }
}
