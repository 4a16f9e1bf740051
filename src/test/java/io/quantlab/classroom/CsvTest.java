package io.quantlab.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        assertEquals(List.of(List.of("a@b.org", "Smith, \"Jo\"\nJr"), List.of("c@d.org", "")),
                Csv.parse("a@b.org,\"Smith, \"\"Jo\"\"\nJr\"\r\n\r\nc@d.org,\n"));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsText() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", Csv.cell("=HYPERLINK(\"http://evil\",\"x\")"));
        assertEquals("'+1", Csv.cell("+1"));
        assertEquals("'-2", Csv.cell("-2"));
        assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
        assertEquals("'\t=1", Csv.cell("\t=1"), "a tab before a formula too");
        assertEquals("plain", Csv.cell("plain"));
        assertEquals("", Csv.cell(""));
    }

    @Test
    void whatIsWrittenReadsBackToTheSameCells() {
        List<List<String>> rows = List.of(List.of("email", "name"), List.of("x@y.org", "<script>alert(1)</script>"),
                List.of("q@y.org", "a,b \"c\"\nd"));
        assertEquals(rows, Csv.parse(Csv.write(rows)));
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertEquals("csv", assertThrows(InvalidInputException.class, () -> Csv.parse("a,\"b\nc")).field());
    }
}
