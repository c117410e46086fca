package dev.tributary.e2e.cluster;

import dev.tributary.local.LogTail;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Injects the JVM's shared {@link TestCluster} into test methods and lifecycle methods, and prints the
 * tail of every component log when a test fails (in full for the first few failures, then only where
 * the logs are, so that a broken rule in a large corpus does not bury the report).
 */
public final class ClusterExtension implements ParameterResolver, TestWatcher {

    private static final int FAILURES_WITH_FULL_TAILS = 3;
    private static final int TAIL_LINES = 25;
    private static final AtomicInteger failures = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return Clusters.shared();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        TestCluster cluster = Clusters.startedOrNull();
        if (cluster == null) {
            return;
        }
        int failure = failures.incrementAndGet();
        StringBuilder report = new StringBuilder("\n[e2e] ").append(context.getDisplayName())
                .append(" failed against the ").append(cluster.description()).append('\n');
        if (failure <= FAILURES_WITH_FULL_TAILS) {
            for (Path log : cluster.logFiles()) {
                report.append("----- last ").append(TAIL_LINES).append(" lines of ").append(log).append(" -----\n")
                        .append(LogTail.of(log, TAIL_LINES)).append('\n');
            }
        } else {
            report.append("(component logs: ").append(cluster.logFiles()).append(")\n");
        }
        System.out.print(report);
    }
}
