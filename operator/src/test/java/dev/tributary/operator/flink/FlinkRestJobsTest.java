package dev.tributary.operator.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the status says of a JobManager that cannot be reached: the same words for as long as that lasts. */
class FlinkRestJobsTest {

    private final FlinkRestJobs jobs = new FlinkRestJobs(null, Duration.ofSeconds(5));

    @Test
    void aRefusedConnectionAndAConnectTimeoutAreSaidAlike() {
        String refused = jobs.why(new ConnectException("Connection refused"));

        assertThat(jobs.why(new HttpConnectTimeoutException("HTTP connect timed out"))).isEqualTo(refused);
        assertThat(jobs.why(new IOException("wrapped", new ConnectException()))).isEqualTo(refused);
        assertThat(refused).isEqualTo("no connection: refused, unresolved or timed out after 5s");
    }

    @Test
    void noAnswerAfterConnectingAndOtherFailuresAreTold() {
        assertThat(jobs.why(new HttpTimeoutException("request timed out")))
                .isEqualTo("connected, but no answer within 5s");
        assertThat(jobs.why(new IOException("Received RST_STREAM: port 43127"))).isEqualTo("java.io.IOException");
    }

    @Test
    void aJobManagerNothingListensForIsReportedWithoutTheVolatileDetail() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);

        assertThatThrownBy(() -> jobs.get(base, "/jobs/overview")).isInstanceOf(FlinkUnreachableException.class)
                .hasMessage("the JobManager at " + base + " does not answer (no connection: refused, unresolved or"
                        + " timed out after 5s)");
    }
}
