package dev.tributary.bench.autoscaler;

/** Something that looks at the pipeline every so often and sets the TaskManager count. */
interface Controller {

    String name();

    int pollSeconds();

    /** The count wanted now; the count running when nothing should change. */
    int poll(Observation observation);
}
