package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 writes them (fields in double quotes may hold commas, quotes
 * doubled, line breaks). Written cells that a spreadsheet would run as a formula (starting with
 * = + - @, or a tab or carriage return before one) get a leading apostrophe, as OWASP's "CSV
 * Injection" page advises, so an exported name like {@code =HYPERLINK(...)} stays text.
 */
public final class Csv {
    private Csv() {
    }

    /** The rows of {@code text}; blank lines are skipped. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                endRow(rows, row, cell);
                row = new ArrayList<>();
                line++;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException("csv", "csv: a quoted field opened on or before line " + line
                    + " is never closed");
        }
        endRow(rows, row, cell);
        return rows;
    }

    private static void endRow(List<List<String>> rows, List<String> row, StringBuilder cell) {
        row.add(cell.toString());
        cell.setLength(0);
        if (!(row.size() == 1 && row.get(0).isBlank())) {
            rows.add(row);
        }
    }

    /** The rows as CSV text with CRLF line ends; every cell quoted where needed and defused. */
    public static String write(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
