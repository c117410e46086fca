package dev.tributary.cli.dev;

import dev.tributary.local.Postgres;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the rows a JDBC sink upserts into the local PostgreSQL: polls its table every second and prints each row
 * it has not shown yet (a row whose values changed is shown again). Rows already there when dev started are not.
 */
final class JdbcRowPrinter implements ResultWatcher {

    private static final long POLL_MS = 1000;

    private final String sink;
    private final Postgres postgres;
    private final String database;
    private final String query;
    private final DevConsole console;
    private final Set<String> seen = new HashSet<>();
    private final AtomicLong printed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    JdbcRowPrinter(String sink, Postgres postgres, String database, String table, DevConsole console) {
        this.sink = sink;
        this.postgres = postgres;
        this.database = database;
        this.query = "SELECT row_to_json(t)::text FROM " + table + " t";
        this.console = console;
        poll(false);
        thread = new Thread(this::run, "print-" + sink);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public long printed() {
        return printed.get();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            poll(true);
        }
    }

    /** One look at the table; a failed look (the server stopping) is skipped. */
    private synchronized void poll(boolean print) {
        String rows;
        try {
            rows = postgres.psql(database, query);
        } catch (RuntimeException notNow) {
            return;
        }
        for (String row : rows.lines().map(String::strip).filter(r -> !r.isEmpty()).toList()) {
            if (seen.add(row) && print) {
                console.result(sink, row);
                printed.incrementAndGet();
            }
        }
    }

    /** Stops polling after one last look, so rows written just before the end are shown too. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll(true);
    }
}
