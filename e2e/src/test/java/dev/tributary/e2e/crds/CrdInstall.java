package dev.tributary.e2e.crds;

import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import java.util.ArrayList;
import java.util.List;

/** Installs the committed CRDs once per JVM the way the README says: {@code kubectl apply -f crds/}. */
public final class CrdInstall {

    private static CommandResult applied;
    private static CommandResult established;

    private CrdInstall() {
    }

    /** The result of {@code kubectl apply -f crds/}, run on first call. */
    static synchronized CommandResult apply(TestCluster cluster) {
        if (applied == null) {
            applied = cluster.kubectl("apply", "-f", CrdFiles.directory().toString());
        }
        return applied;
    }

    /** Applies the CRDs if needed and waits for them to be Established; fails with kubectl's output otherwise. */
    public static synchronized CommandResult ensureEstablished(TestCluster cluster) {
        CommandResult apply = apply(cluster);
        if (!apply.succeeded()) {
            throw new IllegalStateException("kubectl apply -f crds/ failed:\n" + apply.describe());
        }
        if (established == null || !established.succeeded()) {
            List<String> args = new ArrayList<>(List.of("wait", "--for=condition=Established", "--timeout=60s"));
            CrdFiles.names().forEach(n -> args.add("crd/" + n));
            established = cluster.kubectl(args.toArray(String[]::new));
        }
        if (!established.succeeded()) {
            throw new IllegalStateException("CRDs did not become Established:\n" + established.describe());
        }
        return established;
    }
}
