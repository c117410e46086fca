package dev.tributary.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A main class in a child JVM on this JVM's class path, as a {@link ChildProcess}. It never outlives this JVM: it is
 * killed at exit, and when this JVM is killed itself the child sees its standard input close and halts
 * ({@link ExitWithParent}).
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code args} in a JVM with {@code jvmArgs}, working in {@code workDir}, its
     * output (both streams) appended to {@code log}.
     */
    public static ChildProcess start(String mainClass, List<String> jvmArgs, List<String> args, Path workDir,
            Path log) {
        return start(mainClass, jvmArgs, args, Map.of(), workDir, log);
    }

    /** As {@link #start(String, List, List, Path, Path)}, with {@code env} added to this JVM's environment. */
    public static ChildProcess start(String mainClass, List<String> jvmArgs, List<String> args,
            Map<String, String> env, Path workDir, Path log) {
        return launch(simpleName(mainClass), mainClass, jvmArgs, args).env(env).workDir(workDir).appendTo(log)
                .start();
    }

    /** The launch of {@code mainClass} in a child JVM, named {@code name}, for the caller to finish and start. */
    public static ChildProcess.Launch launch(String name, String mainClass, List<String> jvmArgs, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(withParent(mainClass, args));
        return ChildProcess.command(name, command);
    }

    /**
     * Runs a command that starts a JVM in its place (a launcher script ending in {@code exec java}), with the
     * launched main class and its arguments from {@link #withParent}, so that JVM too ends with this one.
     */
    public static ChildProcess run(List<String> command, Map<String, String> env, Path workDir, Path log) {
        return ChildProcess.command(command.get(0), command).env(env).workDir(workDir).appendTo(log).start();
    }

    /** The main class and arguments that run {@code mainClass} but halt once this JVM is gone. */
    public static List<String> withParent(String mainClass, List<String> args) {
        List<String> all = new ArrayList<>(List.of(ExitWithParent.class.getName(), mainClass));
        all.addAll(args);
        return all;
    }

    /** This JVM's {@code java} binary. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String simpleName(String mainClass) {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
}
