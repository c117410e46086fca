package dev.tributary.e2e.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The external actions an operator takes, in the order the recording proxies see them, and the one after which it
 * is to be killed. When the armed action's response comes back, {@link #trip} runs the kill before the response is
 * handed to the operator: the action took effect, the operator never learns of it. The HTTP proxies forward nothing
 * from then until {@link #reset}, so no later action slips through while the process dies; the Kafka proxy, which
 * the test's own admin client goes through too, drops only the connections opened before the kill ended
 * ({@link #epoch}).
 */
public final class CrashPoints {

    private final List<String> actions = new ArrayList<>();
    private int armedAt; // 1-based; 0 = never kill
    private Pattern armedFor; // or the first action that matches, if set
    private Runnable kill = () -> { };
    private boolean tripped;
    private boolean pending; // the armed action was recorded; its response may trip the kill
    private volatile boolean killing;
    private volatile int epoch; // kills completed

    /** Records an action; true when it is the armed one (its response must trip the kill). */
    public synchronized boolean record(String action) {
        actions.add(action);
        if (armedFor != null && armedFor.matcher(action).matches()) {
            armedFor = null;
            pending = true;
            return true;
        }
        pending |= actions.size() == armedAt;
        return actions.size() == armedAt;
    }

    /**
     * Kills the operator (once), before the armed action's response reaches it; true if it did. A trip with no armed
     * action recorded since the last {@link #arm} or {@link #reset} is ignored (the proxy then forwards the response):
     * it would stop the proxies with nothing killed.
     */
    public synchronized boolean trip() {
        if (!tripped && pending) {
            pending = false;
            tripped = true;
            killing = true;
            try {
                kill.run();
            } finally {
                epoch++;
                killing = false;
            }
            notifyAll();
            return true;
        }
        return false;
    }

    /**
     * The kills completed so far, or -1 while one runs: a connection opened at another epoch than the current one was
     * the killed operator's (or may have been), and forwards nothing more.
     */
    public int epoch() {
        int now = epoch;
        return killing ? -1 : now;
    }

    /** True once the kill has run: the HTTP proxies then forward nothing more. */
    public synchronized boolean tripped() {
        return tripped;
    }

    public synchronized void arm(int action, Runnable killOperator) {
        pending = false;
        armedAt = action;
        armedFor = null;
        kill = killOperator;
    }

    /** Arms the kill for the first action that matches {@code action}, such as {@code kafka CreateTopics}. */
    public synchronized void arm(Pattern action, Runnable killOperator) {
        pending = false;
        armedAt = 0;
        armedFor = action;
        kill = killOperator;
    }

    /** Forgets the actions and disarms: what the restarted operator does is recorded afresh. */
    public synchronized void reset() {
        actions.clear();
        armedAt = 0;
        armedFor = null;
        tripped = false;
        pending = false;
    }

    public synchronized List<String> actions() {
        return List.copyOf(actions);
    }

    /** Waits until the kill has run, at most {@code millis}; false if the armed action never came. */
    public synchronized boolean awaitTrip(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!tripped && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return tripped;
    }
}
