package dev.tributary.runtime.ingest;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.runtime.Secrets;
import java.util.concurrent.CountDownLatch;

/**
 * The ingest pod's main: reads the plan from {@code $TRIBUTARY_INGEST_PLAN}, serves on port 8080 (records) and 8081
 * (health, metrics) and stops gracefully on SIGTERM.
 */
public final class IngestMain {

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String json = System.getenv(IngestPlan.ENV);
        if (json == null || json.isBlank()) {
            System.err.println("tributary ingest: " + IngestPlan.ENV + " is not set: the operator sets it in the"
                    + " ingest Deployment");
            System.exit(2);
        }
        IngestPlan plan = IngestPlan.fromJson(json);
        IngestSettings settings;
        try {
            settings = IngestSettings.fromEnvironment(System.getenv(), Secrets.fromEnvironment(System.getenv()).dir());
        } catch (IllegalArgumentException e) {
            System.err.println("tributary ingest: " + e.getMessage());
            System.exit(2);
            return;
        }
        IngestServer server = IngestServer.start(plan, settings);
        System.out.println("tributary ingest: Source " + plan.source().name() + " -> topic " + plan.source().topic()
                + " on port " + server.port() + (plan.tlsSecret() == null ? " (http)" : " (https)")
                + (plan.tokens() == null ? ", no authentication" : ", bearer tokens") + "; health and metrics on port "
                + server.managementPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ingest-stop"));
        stopped.await();
    }
}
