package dev.tributary.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScannerTest {

    @Test
    void findsTargetAndSourceOfASimpleInsert() {
        List<SqlScanner.Statement> statements = SqlScanner.scan("INSERT INTO sessions SELECT * FROM clicks");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).isInsert()).isTrue();
        assertThat(statements.get(0).target()).isEqualTo("sessions");
        assertThat(statements.get(0).reads()).containsExactly("clicks");
    }

    @Test
    void splitsStatementsButNotInsideStringsOrComments() {
        List<SqlScanner.Statement> statements = SqlScanner.scan("""
                -- first; not a split
                INSERT INTO a SELECT 'x;y' AS s FROM src1;
                /* a ; comment */
                INSERT INTO b SELECT * FROM src2;
                """);
        assertThat(statements).extracting(SqlScanner.Statement::target).containsExactly("a", "b");
        assertThat(statements.get(0).reads()).containsExactly("src1");
        assertThat(statements.get(1).reads()).containsExactly("src2");
    }

    @Test
    void functionsThatSayFromAreNotTables() {
        SqlScanner.Statement s = SqlScanner.scan("""
                INSERT INTO out SELECT EXTRACT(DAY FROM ts), TRIM(BOTH ' ' FROM name),
                  SUBSTRING(url FROM 1 FOR 5) FROM clicks
                """).get(0);
        assertThat(s.reads()).containsExactly("clicks");
    }

    @Test
    void joinsSubqueriesAndCommonTables() {
        SqlScanner.Statement s = SqlScanner.scan("""
                INSERT INTO enriched
                WITH recent AS (SELECT * FROM orders WHERE amount > 10), big AS (SELECT * FROM recent)
                SELECT o.id, c.name FROM big AS o
                JOIN customers FOR SYSTEM_TIME AS OF o.proc AS c ON o.cid = c.id
                LEFT JOIN (SELECT id FROM refunds) r ON r.id = o.id
                """).get(0);
        assertThat(s.target()).isEqualTo("enriched");
        assertThat(s.reads()).containsExactlyInAnyOrder("orders", "customers", "refunds");
    }

    @Test
    void windowTableFunctionsAndQuotedNames() {
        SqlScanner.Statement s = SqlScanner.scan("""
                INSERT INTO `per-minute`
                SELECT window_start, COUNT(*) FROM TABLE(
                  TUMBLE(TABLE `page-views`, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end
                """).get(0);
        assertThat(s.target()).isEqualTo("per-minute");
        assertThat(s.reads()).containsExactly("page-views");
    }

    @Test
    void commaJoinsAndMatchRecognize() {
        assertThat(SqlScanner.scan("INSERT INTO o SELECT * FROM a, b WHERE a.id = b.id").get(0).reads())
                .containsExactly("a", "b");
        assertThat(SqlScanner.scan("""
                INSERT INTO alerts SELECT * FROM payments MATCH_RECOGNIZE (
                  PARTITION BY card ORDER BY ts MEASURES A.ts AS t PATTERN (A B) DEFINE B AS B.amount > A.amount)
                """).get(0).reads()).containsExactly("payments");
    }

    @Test
    void qualifiedNamesKeepTheirCatalog() {
        assertThat(SqlScanner.scan("INSERT INTO o SELECT * FROM hive.db.t").get(0).reads())
                .containsExactly("hive.db.t");
    }

    @Test
    void reportsOtherStatementKinds() {
        List<SqlScanner.Statement> statements = SqlScanner.scan(
                "CREATE TABLE x (a INT); SET 'parallelism.default' = '4'; INSERT INTO o SELECT 1");
        assertThat(statements).extracting(SqlScanner.Statement::firstKeyword).containsExactly("CREATE", "SET", "INSERT");
        assertThat(statements.get(2).reads()).isEmpty();
    }
}
