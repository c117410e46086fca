package dev.tributary.operator.topic;

import java.util.Comparator;
import java.util.Optional;
import java.util.Collection;

/** A resource that declares a topic: the older claim owns the topic, later ones conflict. */
public record TopicClaim(String cluster, String topic, String kind, String namespace, String name,
        String creationTimestamp, String uid) {

    private static final Comparator<TopicClaim> AGE = Comparator.comparing(TopicClaim::creationTimestamp)
            .thenComparing(TopicClaim::uid);

    public String describe() {
        return kind + " " + namespace + "/" + name;
    }

    /** The claim that owns the topic among all claims of it: the oldest (ties broken by uid, so all agree). */
    public static Optional<TopicClaim> owner(Collection<TopicClaim> claims) {
        return claims.stream().min(AGE);
    }
}
