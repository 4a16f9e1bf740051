package io.quantlab.web;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import io.quantlab.Json;

/**
 * JSON for a page's {@code <script type="application/json">}: the only way templates embed JSON.
 * A value such as a class name {@code </script><script>…} would end the element and run as script,
 * so {@code <}, {@code >} and {@code &} are written as {@code \u003c}-style escapes, and so are
 * U+2028 and U+2029 (line breaks to older JavaScript parsers). These characters only occur inside
 * JSON strings, where the escape reads back as the same character.
 */
public record PageJson(String json) implements Content {

    public static PageJson of(Object value) {
        String plain = Json.write(value);
        StringBuilder out = new StringBuilder(plain.length() + 16);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> out.append(c);
            }
        }
        return new PageJson(out.toString());
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeContent(json);
    }
}
