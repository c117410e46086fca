package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void servesJdbcWithPasswordAuthenticationOnLoopbackAndStopsOnClose() throws Exception {
        Path dir = Path.of("target", "postgres-test-" + System.nanoTime());
        Postgres postgres = Postgres.start(dir);
        try (postgres) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
                s.execute("INSERT INTO t VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
                s.execute("INSERT INTO t VALUES ('a', 2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
                try (ResultSet rs = s.executeQuery("SELECT k, v FROM t")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("a");
                    assertThat(rs.getLong(2)).isEqualTo(2);
                    assertThat(rs.next()).isFalse();
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "wrong"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            postgres.psql("postgres", "CREATE DATABASE other");
            assertThat(postgres.psql("other", "SELECT current_database()").trim()).isEqualTo("other");
        }
        assertThat(listening(postgres.port())).isFalse();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
