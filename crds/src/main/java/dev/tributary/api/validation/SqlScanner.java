package dev.tributary.api.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads just enough of a Flink SQL script to know its statements and which tables each writes and reads. It
 * needs no catalog: a full check against schemas is Flink's planner's job (the CLI does that); this one runs
 * everywhere, including the operator, in microseconds.
 */
public final class SqlScanner {

    /** One statement of the script, numbered from 1. */
    public record Statement(int number, String firstKeyword, String target, Set<String> reads) {

        public boolean isInsert() {
            return "INSERT".equals(firstKeyword);
        }
    }

    private record Token(String text, boolean identifier, boolean quoted) {

        boolean is(String keyword) {
            return identifier && !quoted && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return !identifier && text.equals(symbol);
        }
    }

    private SqlScanner() {
    }

    public static List<Statement> scan(String sql) {
        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokenize(sql)) {
            if (token.isSymbol(";")) {
                addStatement(statements, current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        addStatement(statements, current);
        return statements;
    }

    private static void addStatement(List<Statement> statements, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String first = tokens.get(0).text().toUpperCase(Locale.ROOT);
        String target = null;
        if (tokens.get(0).is("INSERT") && tokens.size() > 2
                && (tokens.get(1).is("INTO") || tokens.get(1).is("OVERWRITE"))) {
            target = qualifiedName(tokens, 2);
        }
        statements.add(new Statement(statements.size() + 1, first, target, readTables(tokens)));
    }

    /** Tables named after FROM (in a query), JOIN, and TABLE (in window functions), minus WITH names. */
    private static Set<String> readTables(List<Token> tokens) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> commonTables = new LinkedHashSet<>();
        Deque<Boolean> selectSeenAtDepth = new ArrayDeque<>();
        selectSeenAtDepth.push(false);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                selectSeenAtDepth.push(false);
            } else if (t.isSymbol(")")) {
                if (selectSeenAtDepth.size() > 1) {
                    selectSeenAtDepth.pop();
                }
            } else if (t.is("SELECT")) {
                selectSeenAtDepth.pop();
                selectSeenAtDepth.push(true);
            } else if (t.is("WITH") || (t.isSymbol(",") && i + 3 < tokens.size() && tokens.get(i + 2).is("AS")
                    && tokens.get(i + 3).isSymbol("("))) {
                if (i + 2 < tokens.size() && tokens.get(i + 1).identifier() && tokens.get(i + 2).is("AS")) {
                    commonTables.add(tokens.get(i + 1).text());
                }
            } else if ((t.is("FROM") && selectSeenAtDepth.peek()) || t.is("JOIN")) {
                int j = i + 1;
                while (j < tokens.size()) {
                    if (tokens.get(j).is("LATERAL")) {
                        break;
                    }
                    if (startsTableName(tokens, j)) {
                        reads.add(qualifiedName(tokens, j));
                    }
                    j = skipTableReference(tokens, j);
                    if (!t.is("FROM") || j >= tokens.size() || !tokens.get(j).isSymbol(",")) {
                        break;
                    }
                    j++;
                }
            } else if (t.is("TABLE") && startsTableName(tokens, i + 1)) {
                reads.add(qualifiedName(tokens, i + 1));
            }
        }
        reads.removeAll(commonTables);
        return reads;
    }

    private static boolean startsTableName(List<Token> tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).identifier()) {
            return false;
        }
        Token t = tokens.get(i);
        boolean functionCall = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
        return t.quoted() || !(functionCall || t.is("UNNEST") || t.is("TABLE") || t.is("LATERAL") || t.is("SELECT"));
    }

    /** The index after a table reference: its name, alias, and any MATCH_RECOGNIZE or FOR SYSTEM_TIME clause. */
    private static int skipTableReference(List<Token> tokens, int i) {
        int depth = 0;
        for (; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (depth == 0 && (t.isSymbol(",") || t.is("JOIN") || t.is("WHERE") || t.is("GROUP")
                    || t.is("ON") || t.is("UNION") || t.is("HAVING") || t.is("WINDOW") || t.is("ORDER"))) {
                return i;
            }
        }
        return i;
    }

    /** A possibly qualified name starting at {@code i}: catalog.database.table keeps its dots. */
    private static String qualifiedName(List<Token> tokens, int i) {
        StringBuilder name = new StringBuilder(tokens.get(i).text());
        while (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).identifier()) {
            name.append('.').append(tokens.get(i + 2).text());
            i += 2;
        }
        return name.toString();
    }

    private static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                tokens.add(new Token("'", false, false));
            } else if (c == '`' || c == '"') {
                int end = skipQuoted(sql, i, c);
                tokens.add(new Token(sql.substring(i + 1, end - 1).replace(String.valueOf(c) + c, String.valueOf(c)), true, true));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(sql.substring(start, i), true, false));
            } else {
                tokens.add(new Token(String.valueOf(c), false, false));
                i++;
            }
        }
        return tokens;
    }

    /** The index just past a quoted literal or identifier; a doubled quote stands for itself. */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
