package dev.tributary.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlStatements.split("""
                -- a; comment
                INSERT INTO a SELECT 'x;y', `we;ird` FROM s;
                /* ; */ INSERT INTO b SELECT "q;" FROM s;
                ;  -- only a comment
                """)).containsExactly("-- a; comment\nINSERT INTO a SELECT 'x;y', `we;ird` FROM s",
                "/* ; */ INSERT INTO b SELECT \"q;\" FROM s");
        assertThat(SqlStatements.split(null)).isEmpty();
    }

    @Test
    void stripsCommentsButKeepsQuotedText() {
        assertThat(SqlStatements.stripComments("/* lead */ INSERT INTO a -- tail\nSELECT '--not a comment' FROM s"))
                .isEqualTo("INSERT INTO a  \nSELECT '--not a comment' FROM s");
    }

    @Test
    void findsTheEndOfQuotedTextWithDoubledQuotes() {
        String sql = "'it''s' rest";
        assertThat(SqlStatements.skipQuoted(sql, 0, '\'')).isEqualTo(7);
    }
}
