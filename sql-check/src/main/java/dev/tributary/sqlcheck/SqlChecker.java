package dev.tributary.sqlcheck;

import dev.tributary.api.validation.SqlStatements;
import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.SchemaSpec;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.validation.Problem;
import dev.tributary.api.validation.FlinkTypeParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * Plans a Pipeline's SQL with Flink's own planner, on no cluster, against the declared Source and Sink schemas:
 * each Source is a table with its columns and event-time watermark, each Sink with a schema a table with its
 * columns. Unknown tables and columns, type mismatches and a sink whose columns do not match the query come back
 * as the planner's own message.
 */
public final class SqlChecker {

    /** What the check found; notes are things it could not check, which are not problems. */
    public record Result(List<Problem> problems, List<String> notes) {
    }

    public static final String PREFIX = "Flink's planner rejects it: ";

    private static final Pattern INSERT_HEAD = Pattern.compile(
            "^\\s*INSERT\\s+INTO\\s+(`[^`]+`|[A-Za-z_][A-Za-z0-9_.]*)\\s*(\\([^)]*\\))?\\s*", Pattern.CASE_INSENSITIVE);

    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"([A-Za-z_][A-Za-z0-9_]*)\"");

    private static final Pattern GROUP_BY = Pattern.compile("groupBy=\\[([^\\]]*)\\]");
    private static final Pattern QUERY_SCHEMA = Pattern.compile("(?m)^Query schema:\\s*\\[(.*)\\]\\s*$");
    private static final Pattern SINK_SCHEMA = Pattern.compile("(?m)^Sink schema:\\s*\\[(.*)\\]\\s*$");
    private static final Pattern INCOMPATIBLE =
            Pattern.compile("Incompatible types for sink column '([^']*)' at position (\\d+)");

    private SqlChecker() {
    }

    public static Result check(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // this module's class loader, not the calling thread's: the operator calls from its own thread, under Quarkus
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withClassLoader(SqlChecker.class.getClassLoader()).build());
        for (String name : pipeline.getSpec().sources) {
            Source source = sources.get(name);
            try {
                tEnv.createTemporaryTable(quote(name), TableDescriptor.forConnector("datagen")
                        .schema(schema(source.getSpec().schema, true)).build());
            } catch (RuntimeException e) {
                // the Source's own schema problems are reported on the Source; the SQL cannot be planned without it
                notes.add("spec.sql was not planned: Source '" + name + "' has a schema Flink does not accept ("
                        + firstLine(e) + ")");
                return new Result(problems, notes);
            }
        }
        List<String> unchecked = new ArrayList<>();
        for (String name : pipeline.getSpec().sinks) {
            Sink sink = sinks.get(name);
            SchemaSpec schema = sink.getSpec().schema;
            if (schema == null || schema.fields == null || schema.fields.isEmpty()) {
                unchecked.add(name);
                continue;
            }
            try {
                List<String> key = upsertKey(sink);
                tEnv.createTemporaryTable(quote(name), TableDescriptor.forConnector(CheckSinkFactory.IDENTIFIER)
                        .schema(sinkSchema(schema, key)).option(CheckSinkFactory.UPSERT, !key.isEmpty()).build());
            } catch (RuntimeException e) {
                notes.add("spec.sql was not planned: Sink '" + name + "' has a schema Flink does not accept ("
                        + firstLine(e) + ")");
                return new Result(problems, notes);
            }
        }
        for (String name : unchecked) {
            notes.add("Sink '" + name + "' declares no spec.schema, so the columns written into it were not checked;"
                    + " declare its schema to have them checked");
        }
        StatementSet inserts = tEnv.createStatementSet();
        boolean any = false;
        List<String> statements = SqlStatements.split(pipeline.getSpec().sql);
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            String which = statements.size() == 1 ? "" : "statement " + (i + 1) + ": ";
            Matcher head = INSERT_HEAD.matcher(SqlStatements.stripComments(statement));
            if (!head.find()) {
                continue; // PipelineValidator reports statements that are not INSERT INTO
            }
            String target = unquote(head.group(1));
            try {
                if (unchecked.contains(target)) {
                    tEnv.sqlQuery(SqlStatements.stripComments(statement).substring(head.end())).explain();
                } else if (pipeline.getSpec().sinks.contains(target)) {
                    inserts.addInsertSql(statement);
                    any = true;
                }
            } catch (RuntimeException e) {
                problems.add(new Problem("spec.sql", which + plannerMessage(e)
                        + reservedWordHint(e, tEnv, pipeline, sources, sinks)));
            }
        }
        if (any && problems.isEmpty()) {
            try {
                inserts.explain();
            } catch (RuntimeException e) {
                problems.add(new Problem("spec.sql", plannerMessage(e)
                        + reservedWordHint(e, tEnv, pipeline, sources, sinks)));
            }
        }
        return new Result(problems, notes);
    }

    /** The columns a sink upserts on, as the runtime does: Kafka keyFields (upsert-kafka), JDBC upsertKey. */
    public static List<String> upsertKey(Sink sink) {
        if (sink.getSpec().kafka != null && sink.getSpec().kafka.keyFields != null) {
            return sink.getSpec().kafka.keyFields;
        }
        if (sink.getSpec().jdbc != null && sink.getSpec().jdbc.upsertKey != null) {
            return sink.getSpec().jdbc.upsertKey;
        }
        return List.of();
    }

    /**
     * The sink's columns as the runtime declares them to Flink ({@code SinkTables}): without length limits and
     * nullable, the key NOT NULL; the runtime's guard holds rows to the declared types (dead-lettering what does not
     * fit), so a query writing a longer string into a {@code CHAR(3)} column is not a planning error.
     */
    static Schema sinkSchema(SchemaSpec spec, List<String> key) {
        Schema.Builder builder = Schema.newBuilder();
        for (FieldSpec field : spec.fields) {
            String type = FlinkTypeParser.canonical(field.type);
            DataType relaxed;
            try {
                relaxed = SinkColumnTypes.relaxed(TypeConversions.fromLogicalToDataType(
                        LogicalTypeParser.parse(type, SqlChecker.class.getClassLoader())));
            } catch (RuntimeException e) {
                builder.column(field.name, type); // not a type Flink reads: the planner says so, with the column
                continue;
            }
            builder.column(field.name, key.contains(field.name) ? relaxed.notNull() : relaxed);
        }
        if (!key.isEmpty()) {
            builder.primaryKey(key);
        }
        return builder.build();
    }

    static Schema schema(SchemaSpec spec, boolean withWatermark) {
        Schema.Builder builder = Schema.newBuilder();
        for (FieldSpec field : spec.fields) {
            builder.column(field.name, FlinkTypeParser.canonical(field.type));
        }
        if (withWatermark && spec.eventTime != null && spec.eventTime.field != null) {
            builder.watermark(spec.eventTime.field, quote(spec.eventTime.field));
        }
        return builder.build();
    }

    /**
     * When the parser stopped at a word that is the name of a Source, a Sink or one of their columns, and Flink SQL
     * reserves that word (the parser also refuses it as a table name), say so, and how to write it.
     */
    static String reservedWordHint(Throwable e, TableEnvironment tEnv, Pipeline pipeline,
            Map<String, Source> sources, Map<String, Sink> sinks) {
        Matcher encountered = null;
        for (Throwable t = e; t != null && encountered == null; t = t.getCause()) {
            Matcher m = ENCOUNTERED.matcher(String.valueOf(t.getMessage()));
            encountered = m.find() ? m : null;
        }
        if (encountered == null) {
            return "";
        }
        String word = encountered.group(1);
        String what = null;
        for (String name : pipeline.getSpec().sources) {
            what = what != null ? what : name.equalsIgnoreCase(word) ? "Source" : columnOf(sources.get(name), word);
        }
        for (String name : pipeline.getSpec().sinks) {
            what = what != null ? what : name.equalsIgnoreCase(word) ? "Sink" : columnOf(sinks.get(name), word);
        }
        if (what == null || !reserved(tEnv, word)) {
            return "";
        }
        return "; '" + word + "' is a reserved word in Flink SQL: write it in backticks (`" + word
                + "`) in the SQL, or give the " + what + " another name";
    }

    /** Whether the parser stops at {@code word} written unquoted as a table name: then Flink SQL reserves it. */
    private static boolean reserved(TableEnvironment tEnv, String word) {
        try {
            tEnv.sqlQuery("SELECT 1 FROM " + word);
            return false;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT)
                        .contains("encountered \"" + word.toLowerCase(Locale.ROOT) + "\"")) {
                    return true;
                }
            }
            return false; // parsed, then not found: an ordinary name
        }
    }

    private static String columnOf(Object resource, String word) {
        SchemaSpec schema = resource instanceof Source s ? s.getSpec().schema
                : resource instanceof Sink k ? k.getSpec().schema : null;
        boolean found = schema != null && schema.fields != null
                && schema.fields.stream().anyMatch(f -> word.equalsIgnoreCase(f.name));
        return found ? "column" : null;
    }

    /** The planner's message, first line, with the position when it gave one, and what to do. */
    static String plannerMessage(Throwable e) {
        String positioned = null;
        String deepest = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String line = firstLine(t);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("From line ")) {
                positioned = line;
            }
            deepest = line;
        }
        String top = firstLine(e);
        String message;
        if (positioned != null) {
            message = positioned;
        } else if (top.startsWith("Error while applying rule") && deepest != null) {
            message = deepest;
        } else if (deepest != null && !top.contains(deepest)) {
            message = top + " " + deepest;
        } else {
            message = top;
        }
        String cause = causeLine(e.getMessage());
        if (cause != null && !message.contains(cause)) {
            message = message + " " + cause;
        }
        if (message.contains("doesn't support consuming update changes")) {
            Matcher groupBy = GROUP_BY.matcher(message);
            String key = groupBy.find() ? " (for example [" + groupBy.group(1) + "], the columns it groups by)" : "";
            return PREFIX + message.strip() + " — the sink takes inserts only: aggregate over a window (TUMBLE, HOP,"
                    + " SESSION), or give the Sink an upsert key" + key + ": spec.kafka.keyFields for a Kafka sink,"
                    + " spec.jdbc.upsertKey for a JDBC sink";
        }
        String columns = schemaMismatch(e);
        if (columns != null) {
            return PREFIX + message.strip() + " " + columns + " — fix the SQL, or the declared schema of the Sink";
        }
        return PREFIX + message.strip() + " — fix the SQL, or the declared schema of the"
                + " Source or Sink it uses";
    }

    /**
     * For a query whose columns do not fit the sink, what Flink's full message lists: the two types of the column
     * that does not fit, or the two column counts.
     */
    static String schemaMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            Matcher query = QUERY_SCHEMA.matcher(text);
            Matcher sink = SINK_SCHEMA.matcher(text);
            if (!query.find() || !sink.find()) {
                continue;
            }
            List<String> queryColumns = columns(query.group(1));
            List<String> sinkColumns = columns(sink.group(1));
            Matcher column = INCOMPATIBLE.matcher(text);
            if (column.find()) {
                int at = Integer.parseInt(column.group(2));
                String queryType = at < queryColumns.size() ? typeOf(queryColumns.get(at)) : "?";
                String sinkType = at < sinkColumns.size() ? typeOf(sinkColumns.get(at)) : "?";
                return "The query gives " + queryType + " where the sink column '" + column.group(1) + "' is "
                        + sinkType + " (query columns: " + String.join(", ", queryColumns) + "; sink columns: "
                        + String.join(", ", sinkColumns) + ").";
            }
            if (text.contains("Different number of columns")) {
                return "The query gives " + queryColumns.size() + " columns (" + String.join(", ", queryColumns)
                        + "), the sink has " + sinkColumns.size() + " (" + String.join(", ", sinkColumns) + ").";
            }
        }
        return null;
    }

    /** "[a: STRING, b: DECIMAL(10, 2)]" → "a: STRING", "b: DECIMAL(10, 2)" (commas inside types are kept). */
    private static List<String> columns(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            depth += c == '(' || c == '<' ? 1 : c == ')' || c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String typeOf(String column) {
        int colon = column.indexOf(": ");
        return colon < 0 ? column : column.substring(colon + 2);
    }

    private static String causeLine(String message) {
        if (message == null) {
            return null;
        }
        return message.lines().map(String::strip).filter(l -> l.startsWith("Cause:")).findFirst().orElse(null);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? "" : m.lines().findFirst().orElse("").strip();
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String unquote(String name) {
        if (name.startsWith("`") && name.endsWith("`")) {
            return name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT).equals(name) ? name : name;
    }
}
