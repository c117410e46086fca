package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsInsertsOnSemicolonsOutsideQuotesAndComments() {
        List<SqlScript.Insert> inserts = SqlScript.inserts("""
                -- sessions; per user
                INSERT INTO sessions SELECT user_id, ';' AS semi FROM clicks WHERE url <> 'a;b';
                /* second; statement */
                INSERT INTO `my-sink` (a, `b c`) SELECT x, y FROM `odd;name`;
                insert into totals (SELECT 1)
                """);
        assertThat(inserts).extracting(SqlScript.Insert::target).containsExactly("sessions", "my-sink", "totals");
        assertThat(inserts.get(0).query()).isEqualTo("SELECT user_id, ';' AS semi FROM clicks WHERE url <> 'a;b'");
        assertThat(inserts.get(1).columns()).containsExactly("a", "b c");
        assertThat(inserts.get(1).query()).isEqualTo("SELECT x, y FROM `odd;name`");
        assertThat(inserts.get(2).columns()).as("a parenthesised query is not a column list").isEmpty();
        assertThat(inserts.get(2).query()).isEqualTo("(SELECT 1)");
        assertThat(inserts).extracting(SqlScript.Insert::number).containsExactly(1, 2, 3);
    }

    @Test
    void keepsWithQueriesWhole() {
        SqlScript.Insert insert = SqlScript.inserts("INSERT INTO t WITH a AS (SELECT 1 AS x) SELECT x FROM a").get(0);
        assertThat(insert.query()).isEqualTo("WITH a AS (SELECT 1 AS x) SELECT x FROM a");
    }

    @Test
    void refusesAnythingButInserts() {
        assertThatThrownBy(() -> SqlScript.inserts("INSERT INTO a SELECT 1; CREATE TABLE x (a INT)"))
                .hasMessage("statement 2 starts with 'CREATE': only INSERT INTO <sink> statements belong in a"
                        + " pipeline's SQL");
        assertThatThrownBy(() -> SqlScript.inserts("  -- nothing\n ; ")).hasMessageContaining("has no statement");
        assertThatThrownBy(() -> SqlScript.inserts("INSERT INTO t")).hasMessageContaining("has no query");
    }
}
