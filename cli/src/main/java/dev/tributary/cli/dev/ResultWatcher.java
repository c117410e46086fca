package dev.tributary.cli.dev;

/** Prints what a sink receives, one line per record, as it arrives. */
interface ResultWatcher extends AutoCloseable {

    String sink();

    /** Records printed so far. */
    long printed();

    @Override
    void close();
}
