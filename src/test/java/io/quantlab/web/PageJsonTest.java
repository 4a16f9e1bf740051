package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quantlab.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JSON placed inside a page's script element cannot end the element, and still reads back the same. */
class PageJsonTest {
    @Test
    void markupAndLineSeparatorsAreEscapedAndReadBackUnchanged() throws IOException {
        String name = "</script><script>alert('a & b')</script>\u2028\u2029<!--";
        String json = PageJson.of(Map.of("classNames", List.of(name))).json();

        assertEquals("{\"classNames\":[\"\\u003c/script\\u003e\\u003cscript\\u003ealert('a \\u0026 b')"
                + "\\u003c/script\\u003e\\u2028\\u2029\\u003c!--\"]}", json);
        assertEquals(name, Json.MAPPER.readTree(json).get("classNames").get(0).asText());
    }

    @Test
    void templatesEmbedNoUnescapedOutput() throws IOException {
        try (Stream<Path> templates = Files.walk(Path.of("web", "templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".jte")).toList()) {
                assertFalse(Files.readString(template).contains("$unsafe{"), template
                        + " writes unescaped output; JSON goes through PageJson, text through ${…}");
            }
        }
    }
}
