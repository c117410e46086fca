package dev.tributary.runtime;

import dev.tributary.api.validation.SqlStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's SQL as its INSERT statements: each with its target table, its optional column list and its query.
 * Knows quotes, back-quoted identifiers and comments, so a semicolon or keyword inside them is not mistaken for
 * structure. Anything other than {@code INSERT INTO} is refused, as the Pipeline validator does.
 */
public final class SqlScript {

    /** One {@code INSERT INTO target [(columns)] query}. */
    public record Insert(int number, String target, List<String> columns, String query, String text) {
    }

    private SqlScript() {
    }

    public static List<Insert> inserts(String sql) {
        List<Insert> inserts = new ArrayList<>();
        for (String statement : SqlStatements.split(sql)) {
            inserts.add(parseInsert(inserts.size() + 1, statement));
        }
        if (inserts.isEmpty()) {
            throw new IllegalArgumentException("the pipeline's SQL has no statement: write at least one"
                    + " INSERT INTO <sink> SELECT ... FROM <source>");
        }
        return inserts;
    }

    private static Insert parseInsert(int number, String statement) {
        String s = SqlStatements.stripComments(statement);
        Cursor cur = new Cursor(s);
        String first = cur.word();
        String second = cur.word();
        if (!"INSERT".equalsIgnoreCase(first) || !"INTO".equalsIgnoreCase(second)) {
            throw new IllegalArgumentException("statement " + number + " starts with '" + (first.isEmpty() ? s : first)
                    + "': only INSERT INTO <sink> statements belong in a pipeline's SQL");
        }
        String target = cur.identifier();
        if (target.isEmpty()) {
            throw new IllegalArgumentException("statement " + number + ": INSERT INTO needs a sink name");
        }
        List<String> columns = List.of();
        int beforeParen = cur.pos;
        if (cur.peek() == '(') {
            cur.pos++;
            String next = cur.word().toUpperCase(Locale.ROOT);
            cur.pos = beforeParen;
            if (!next.equals("SELECT") && !next.equals("WITH") && !next.equals("VALUES")) {
                columns = cur.columnList();
            }
        }
        String query = s.substring(cur.pos).strip();
        if (query.isEmpty()) {
            throw new IllegalArgumentException("statement " + number + ": INSERT INTO " + target + " has no query");
        }
        return new Insert(number, target, columns, query, s);
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        char peek() {
            skipSpace();
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A possibly qualified, possibly back-quoted name, unquoted: {@code `my-sink`} gives {@code my-sink}. */
        String identifier() {
            StringBuilder name = new StringBuilder();
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == '`') {
                    int end = SqlStatements.skipQuoted(s, pos, '`');
                    name.append(s.substring(pos + 1, Math.max(pos + 1, end - 1)).replace("``", "`"));
                    pos = end;
                } else {
                    String w = word();
                    if (w.isEmpty()) {
                        return name.toString();
                    }
                    name.append(w);
                }
                if (pos < s.length() && s.charAt(pos) == '.') {
                    name.append('.');
                    pos++;
                } else {
                    return name.toString();
                }
            }
        }

        List<String> columnList() {
            List<String> columns = new ArrayList<>();
            skipSpace();
            pos++;
            while (true) {
                columns.add(identifier());
                char c = peek();
                pos++;
                if (c == ')') {
                    return columns;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("malformed column list in INSERT INTO: " + s);
                }
            }
        }
    }
}
