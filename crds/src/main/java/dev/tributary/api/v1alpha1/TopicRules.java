package dev.tributary.api.v1alpha1;

/** CEL rules about topics that hold wherever a topic is declared. */
final class TopicRules {

    /** A topic's name can neither change, nor be added or removed, once the resource exists. */
    static final String NAME_UNCHANGED = "(has(self.topic) && has(self.topic.name) ? self.topic.name : '')"
            + " == (has(oldSelf.topic) && has(oldSelf.topic.name) ? oldSelf.topic.name : '')";

    static final String NAME_UNCHANGED_MESSAGE = "topic.name cannot be changed, added or removed once the resource"
            + " exists: it would switch to another topic; create a new resource for a new topic";

    private TopicRules() {
    }
}
