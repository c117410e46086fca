package dev.tributary.operator.topic.admin;

/**
 * How far a consumer group is behind the end of its topics.
 *
 * @param records                 records between the committed offsets and the ends of the partitions that have a
 *                                committed offset
 * @param committedPosition       the sum of the committed offsets: its growth over time is the processing rate
 * @param partitions              partitions of the topics
 * @param partitionsWithoutCommit partitions the group has committed nothing for yet
 */
public record ConsumerLag(long records, long committedPosition, int partitions, int partitionsWithoutCommit) {

    /** A group that never committed (a new Pipeline, an empty topic) has no lag to speak of, not a lag of zero. */
    public boolean known() {
        return partitions > 0 && partitionsWithoutCommit < partitions;
    }
}
