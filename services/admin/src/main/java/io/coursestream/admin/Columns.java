package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned text columns, two spaces apart, no trailing blanks: the CLI's tables. */
final class Columns {

    private Columns() {
    }

    /** Prints {@code rows} (the first one the header), each column as wide as its widest cell. */
    static void print(List<List<String>> rows, PrintWriter out) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell = row.get(column);
                line.append(column == widths.length - 1 ? cell : cell + " ".repeat(widths[column] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
