package io.quantlab.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The rule for class names read from a data set's own files (CIFAR's meta files, Tiny-ImageNet's
 * wnids.txt and words.txt): they end up on every student's experiment page, so a name is 1 to
 * {@value #MAX_LENGTH} printable characters. Control and invisible formatting characters (which
 * could hide or reorder text, e.g. U+202E) and line separators are refused with the file and line.
 */
final class ClassNames {
    static final int MAX_LENGTH = 100;

    private ClassNames() {
    }

    /** The lines of an optional names file; empty when it is absent or not UTF-8 text (names are a nicety). */
    static Optional<List<String>> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        }
    }

    /**
     * @param where the file and line, for the message, e.g. "batches.meta.txt line 3"
     * @throws IOException naming {@code where} and the first offending character
     */
    static String check(String name, String where) throws IOException {
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_LENGTH) {
            throw new IOException(where + ": a class name is 1 to " + MAX_LENGTH + " characters, this one has "
                    + length);
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!printable(c)) {
                throw new IOException(where + ": class name '" + visible(name) + "' holds U+"
                        + String.format("%04X", c) + ", which is not a printable character");
            }
            i += Character.charCount(c);
        }
        return name;
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** The name with unprintable characters shown as '?', so the message itself is safe to show. */
    private static String visible(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(MAX_LENGTH).forEach(c -> out.appendCodePoint(printable(c) ? c : '?'));
        return out.toString();
    }
}
