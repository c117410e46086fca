package dev.tributary.operator.topic;

/** What tests that wire the operator by hand need from this package. */
public final class TopicTesting {

    private TopicTesting() {
    }

    /** Starts the claims' informers, as Quarkus does at startup. */
    public static void start(TopicClaims claims) {
        claims.start(null);
    }
}
