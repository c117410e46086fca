package dev.tributary.runtime;

import dev.tributary.api.validation.SqlStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether mini-batch may be on for a pipeline's SQL. Mini-batch is a performance default and must never change
 * results, but the planner puts a {@code MiniBatchAssigner} between each source and its queries, and that operator
 * replaces the source's watermarks: with its own processing-time watermarks (mode ProcTime, chosen for queries that
 * have no event-time operator, e.g. a filter on {@code CURRENT_WATERMARK}) or with the source's watermarks held back to
 * 200 ms steps (mode RowTime). Everything that reads the watermark of a row directly then sees another value:
 * {@code CURRENT_WATERMARK(ts)} returned the wall clock and routed on-time rows as late. Processing-time attributes
 * ({@code PROCTIME()}) make the planner choose the ProcTime mode for the queries on that source, so they also keep
 * mini-batch off. Event-time windows, joins and {@code MATCH_RECOGNIZE} get the RowTime mode: the same watermarks, at
 * most one 200 ms step later, so they fire on the same thresholds and keep mini-batch on.
 */
public final class MiniBatchRule {

    private static final List<Pattern> AFFECTED = List.of(
            Pattern.compile("\\bCURRENT_WATERMARK\\s*\\(", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bPROCTIME\\s*\\(", Pattern.CASE_INSENSITIVE));

    private MiniBatchRule() {
    }

    /** Why mini-batch must stay off for this SQL; empty when it may be on. */
    public static Optional<String> whyOff(String sql) {
        String code = withoutQuotedText(SqlStatements.stripComments(sql == null ? "" : sql));
        List<String> found = new ArrayList<>();
        for (Pattern p : AFFECTED) {
            Matcher m = p.matcher(code);
            if (m.find()) {
                found.add(m.group().replaceAll("\\s*\\($", "").toUpperCase(java.util.Locale.ROOT) + "()");
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the SQL uses " + String.join(" and ", found) + ", whose results mini-batch would change"
                + " (its assigner replaces the source's watermarks); set table.exec.mini-batch.enabled in the"
                + " Pipeline's flinkConfiguration to override");
    }

    /** The SQL with string literals and back-quoted identifiers blanked, so a function name inside them is not code. */
    static String withoutQuotedText(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int end = SqlStatements.skipQuoted(sql, i, c);
                out.append(" ".repeat(end - i));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
