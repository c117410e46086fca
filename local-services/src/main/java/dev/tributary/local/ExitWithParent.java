package dev.tributary.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * {@code ExitWithParent <main class> <args...>}: runs the main class, and halts the JVM as soon as its standard input
 * reaches its end — which happens when the parent that started it ({@link ChildJvm}) dies, even by SIGKILL.
 */
public final class ExitWithParent {

    /** The exit code when the parent went away. */
    static final int PARENT_GONE = 143;

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ExitWithParent <main class> [arguments...]");
            System.exit(64);
        }
        Thread watch = new Thread(ExitWithParent::haltWhenInputEnds, "exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void haltWhenInputEnds() {
        try {
            while (System.in.read() != -1) {
                // nothing is ever written; only the end matters
            }
        } catch (java.io.IOException ignored) {
            // a broken pipe is an end too
        }
        Runtime.getRuntime().halt(PARENT_GONE);
    }
}
