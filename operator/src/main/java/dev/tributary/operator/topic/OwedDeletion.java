package dev.tributary.operator.topic;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;

/**
 * A topic with {@code deletionPolicy: Delete} as its owner declared it: the promise to delete it once the owner is
 * gone. {@code cluster} is the bootstrap servers the topic lives on; {@code connection} the owner's own connection
 * (Secret references, never their values), null for the operator's default cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwedDeletion(String uid, String kind, String namespace, String name, String cluster, String topic,
        KafkaConnectionSpec connection) {

    public String describe() {
        return "topic " + topic + " of " + kind + " " + namespace + "/" + name;
    }
}
