package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The topic as last observed in Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicStatus {

    @JsonPropertyDescription("The topic's name in Kafka.")
    public String name;

    @JsonPropertyDescription("The topic's partition count in Kafka.")
    public Integer partitions;

    @JsonPropertyDescription("The topic's replication factor in Kafka.")
    public Integer replicationFactor;

    public TopicStatus() {
    }

    public TopicStatus(String name, Integer partitions, Integer replicationFactor) {
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }
}
