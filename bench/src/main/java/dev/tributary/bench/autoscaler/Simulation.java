package dev.tributary.bench.autoscaler;

/** Runs one controller over one trace, second by second. */
final class Simulation {

    /** {@code -Dbench.verbose=<trace name>} prints every rescale of Tributary's policy on that trace with its reason. */
    private static final String VERBOSE = System.getProperty("bench.verbose", "");

    private Simulation() {
    }

    static RunResult run(LoadTrace trace, Controller controller) {
        int start = SimulatedPipeline.fewestKeepingUp(Math.min(trace.rateAt(0), trace.sinkLimit()));
        SimulatedPipeline pipeline = new SimulatedPipeline(start, trace.sinkLimit());
        int rescales = 0;
        int reversals = 0;
        int lastDirection = 0;
        int actionsAfterStep = trace.steps().isEmpty() ? -1 : 0;
        int firstStep = trace.steps().isEmpty() ? Integer.MAX_VALUE : trace.steps().get(0);
        double accumulatedLag = 0;
        double maxLagSeconds = 0;
        double taskManagerSeconds = 0;
        double windowArrived = 0;
        double windowProcessed = 0;
        boolean restartedInWindow = false;
        for (int second = 0; second < trace.seconds(); second++) {
            double arrivals = trace.rateAt(second);
            double processedBefore = pipeline.processedTotal();
            pipeline.advance(second, arrivals);
            windowArrived += arrivals;
            windowProcessed += pipeline.processedTotal() - processedBefore;
            restartedInWindow |= pipeline.restarting(second);
            accumulatedLag += pipeline.lag();
            maxLagSeconds = Math.max(maxLagSeconds, pipeline.lag() / Math.max(arrivals, 1));
            taskManagerSeconds += pipeline.taskManagers();
            if (second > 0 && second % controller.pollSeconds() == 0) {
                double interval = controller.pollSeconds();
                double processedRate = windowProcessed / interval;
                Observation seen = new Observation(second, pipeline.taskManagers(), pipeline.committedLag(),
                        windowArrived / interval, processedRate,
                        restartedInWindow ? Double.NaN : pipeline.busyRatio(processedRate));
                int wanted = controller.poll(seen);
                if (wanted != pipeline.taskManagers()) {
                    int direction = Integer.signum(wanted - pipeline.taskManagers());
                    if (lastDirection != 0 && direction != lastDirection) {
                        reversals++;
                    }
                    lastDirection = direction;
                    rescales++;
                    if (second >= firstStep) {
                        actionsAfterStep++;
                    }
                    if (VERBOSE.equals(trace.name()) && controller instanceof TributaryController ours) {
                        System.out.printf("  %s t=%5d s %2d → %2d TaskManagers: %s%n", trace.name(), second,
                                pipeline.taskManagers(), wanted, ours.lastReason());
                    }
                    pipeline.rescale(second, wanted);
                }
                windowArrived = 0;
                windowProcessed = 0;
                restartedInWindow = false;
            }
        }
        return new RunResult(trace.name(), controller.name(), rescales, reversals, actionsAfterStep, accumulatedLag,
                maxLagSeconds, taskManagerSeconds, trace.seconds() / 3600.0, pipeline.processedTotal(),
                pipeline.endOffset());
    }

    /** TaskManager·s of an oracle that knows the true rate at every second and rescales for free. */
    static double oracleTaskManagerSeconds(LoadTrace trace) {
        double total = 0;
        for (int second = 0; second < trace.seconds(); second++) {
            total += SimulatedPipeline.fewestKeepingUp(Math.min(trace.rateAt(second), trace.sinkLimit()));
        }
        return total;
    }
}
