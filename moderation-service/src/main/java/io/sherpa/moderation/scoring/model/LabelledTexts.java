package io.sherpa.moderation.scoring.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads labelled texts: CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) with a
 * header naming at least {@code text} and {@code label} (other columns ignored). Labels {@code spam},
 * {@code toxic}, {@code abuse}, {@code reject}, {@code 1} are positive; {@code ham}, {@code ok},
 * {@code clean}, {@code approve}, {@code 0} negative. Anything else fails with the line it is on.
 */
public final class LabelledTexts {

    private static final Set<String> POSITIVE = Set.of("spam", "toxic", "abuse", "reject", "rejected", "1", "true");
    private static final Set<String> NEGATIVE = Set.of("ham", "ok", "clean", "approve", "approved", "0", "false");

    private LabelledTexts() {}

    /** A labelled row: its id (or row number), text and label. */
    public record Row(String id, String text, boolean positive) {}

    /** A file that cannot be read, with where and why. */
    public static final class MalformedException extends RuntimeException {
        private final int line;

        public MalformedException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static boolean isLabel(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        return POSITIVE.contains(l) || NEGATIVE.contains(l);
    }

    public static boolean positive(String label, int line) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (POSITIVE.contains(l)) {
            return true;
        }
        if (NEGATIVE.contains(l)) {
            return false;
        }
        throw new MalformedException(
                line, "label \"" + abbreviate(label) + "\" is not one of spam, toxic, ham, ok (or 1/0)");
    }

    public static List<Row> csv(String content) {
        return csv(content, Integer.MAX_VALUE - 1);
    }

    /** As {@link #csv(String)}, but stops reading with {@link TooManyRowsException} past {@code maxRows} rows. */
    public static List<Row> csv(String content, int maxRows) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        parse(content.startsWith("\uFEFF") ? content.substring(1) : content, records, lines, maxRows + 1);
        if (records.isEmpty()) {
            throw new MalformedException(1, "the file is empty; expected a header with text and label");
        }
        List<String> header = records.get(0).stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .toList();
        int text = header.indexOf("text");
        int label = header.indexOf("label");
        int id = header.indexOf("id");
        if (text < 0 || label < 0) {
            throw new MalformedException(1, "the header must name the columns text and label, found " + header);
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            int line = lines.get(r);
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            if (fields.size() <= Math.max(text, label)) {
                throw new MalformedException(
                        line, "expected at least " + (Math.max(text, label) + 1) + " fields, found " + fields.size());
            }
            rows.add(new Row(
                    id >= 0 && id < fields.size() ? fields.get(id) : Integer.toString(r),
                    fields.get(text),
                    positive(fields.get(label), line)));
        }
        return rows;
    }

    /** A file with more rows than its reader takes. */
    public static final class TooManyRowsException extends RuntimeException {
        public TooManyRowsException(int maxRows) {
            super("more than " + maxRows + " rows");
        }
    }

    private static void parse(String s, List<List<String>> records, List<Integer> lines, int maxRecords) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int i = 0;
        int n = s.length();
        boolean any = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"' && field.length() == 0) {
                int quoteLine = line;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedException(quoteLine, "a quoted field is never closed");
                    }
                    char q = s.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && s.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n') {
                        line++;
                    }
                    field.append(q);
                    i++;
                }
                if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    throw new MalformedException(line, "unexpected text after a closing quote");
                }
                any = true;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                if (any || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(fields);
                    lines.add(recordLine);
                    if (records.size() > maxRecords) {
                        throw new TooManyRowsException(maxRecords - 1);
                    }
                }
                fields = new ArrayList<>();
                field.setLength(0);
                any = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                any = true;
                i++;
            }
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
            lines.add(recordLine);
            if (records.size() > maxRecords) {
                throw new TooManyRowsException(maxRecords - 1);
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
