package dev.tributary.e2e.faults;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret values the e2e suites put into Kubernetes Secrets (Kafka passwords, webhook tokens, database passwords),
 * recognisable and unique to this run, so that {@code SecretsNeverLeakE2E} can search everything the suites made for
 * them at the end.
 */
public final class PlantedSecrets {

    private static final String RUN = Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
    private static final Set<String> PLANTED = ConcurrentHashMap.newKeySet();

    private PlantedSecrets() {
    }

    /** A fresh secret value for {@code purpose} (letters, digits and dashes), remembered for the final search. */
    public static String value(String purpose) {
        String value = "planted-" + purpose + "-" + RUN;
        PLANTED.add(value);
        return value;
    }

    public static Set<String> all() {
        return Set.copyOf(PLANTED);
    }
}
