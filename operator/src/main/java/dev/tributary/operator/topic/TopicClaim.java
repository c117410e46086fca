package dev.tributary.operator.topic;

import java.util.Comparator;
import java.util.Optional;
import java.util.Collection;

/** A resource that declares a topic: the claim already managing it, or else the older one, owns the topic. */
public record TopicClaim(String cluster, String topic, String kind, String namespace, String name,
        String creationTimestamp, String uid, boolean established) {

    /** Established claims (already managing the topic) first, then by age; uid breaks ties so all agree. */
    private static final Comparator<TopicClaim> PRECEDENCE = Comparator.comparing((TopicClaim c) -> !c.established())
            .thenComparing(TopicClaim::creationTimestamp).thenComparing(TopicClaim::uid);

    public String describe() {
        return kind + " " + namespace + "/" + name;
    }

    /**
     * The claim that owns the topic among all claims of it: the one already managing it, else the oldest.
     * Creation times have one-second resolution, so "already managing it" is what keeps a newer claim made in
     * the same second from taking over.
     */
    public static Optional<TopicClaim> owner(Collection<TopicClaim> claims) {
        return claims.stream().min(PRECEDENCE);
    }
}
