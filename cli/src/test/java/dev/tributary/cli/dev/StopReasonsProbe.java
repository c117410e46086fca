package dev.tributary.cli.dev;

/**
 * A process that watches the stop signals as {@code tributary dev} does and then waits, for {@link StopReasonsTest}:
 * prints what {@link StopReasons#watchSignals()} says (or {@code all stop signals reach dev}), then {@code ready}.
 */
final class StopReasonsProbe {

    private StopReasonsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println(StopReasons.watchSignals().orElse("all stop signals reach dev"));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
        System.out.println("not stopped");
    }
}
