package dev.tributary.runtime.it;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's Flink standalone application cluster as its pods run it (desired-state/…/JobManagerBuilder and
 * TaskManagerBuilder), on 127.0.0.1: the JobManager is Flink's application entry point running {@link PipelineMain},
 * each TaskManager is Flink's TaskManagerRunner, each in its own JVM with only {@code --configDir} and {@code -D}
 * settings. Every process works in an empty directory of its own and is given a tmp directory of its own, standing
 * for the read-only root filesystem and the /tmp emptyDir of a pod.
 */
public final class ApplicationCluster implements AutoCloseable {

    static final String ENTRY_POINT = "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** The image's /opt/tributary/bin/flink-java and /opt/tributary/conf/jvm.options. */
    static final Path DOCKER = Services.target().getParent().resolve("src/main/docker");

    private final PipelinePlan plan;
    private final Path dir;
    private final Path confDir;
    private final Path planFile;
    private final int slotsPerTaskManager;
    /** Where the processes run as containers of {@link RuntimeImage}, the directory they share; null: local JVMs. */
    private final Path containerShare;
    private final int rpcPort = FreePorts.next();
    private final int blobPort = FreePorts.next();
    private final int restPort = FreePorts.next();
    private final FlinkRest rest = new FlinkRest(restPort);
    private final List<Path> processDirs = new ArrayList<>();
    private final List<ChildProcess> taskManagers = new ArrayList<>();
    private final Map<String, String> overrides = new TreeMap<>();
    private ChildProcess jobManager;
    private int processes;

    public ApplicationCluster(PipelinePlan plan, Path dir, int slotsPerTaskManager) {
        this(plan, dir, slotsPerTaskManager, null);
    }

    /** Each process a container of the runtime image; {@code share} (holding {@code dir}) is mounted into them. */
    public static ApplicationCluster inContainers(PipelinePlan plan, Path dir, int slotsPerTaskManager, Path share) {
        return new ApplicationCluster(plan, dir, slotsPerTaskManager, share);
    }

    private ApplicationCluster(PipelinePlan plan, Path dir, int slotsPerTaskManager, Path containerShare) {
        this.plan = plan;
        this.dir = dir;
        this.slotsPerTaskManager = slotsPerTaskManager;
        this.containerShare = containerShare;
        this.confDir = dir.resolve("conf");
        this.planFile = dir.resolve("plan").resolve(PlanCodec.CONFIG_MAP_KEY);
        try {
            Files.createDirectories(confDir);
            // What the image has in /opt/tributary/conf: Flink wants the file; every setting comes as -D.
            Files.writeString(confDir.resolve("config.yaml"), "high-availability.type: NONE\n");
            Files.createDirectories(planFile.getParent());
            Files.writeString(planFile, PlanCodec.toJson(plan), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What FlinkSettings gives both processes, with local addresses and ports. */
    Map<String, String> settings() {
        Map<String, String> conf = new TreeMap<>();
        conf.put("scheduler-mode", "reactive");
        conf.put("jobmanager.scheduler", "adaptive");
        conf.put("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "10s");
        conf.put("taskmanager.memory.managed.fraction", "0.1");
        conf.putAll(dev.tributary.api.v1alpha1.FlinkRecoverySettings.SETTINGS);
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("blob.server.port", String.valueOf(blobPort));
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.port", String.valueOf(restPort));
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
        conf.put("jobmanager.memory.process.size", "1024m");
        conf.put("taskmanager.memory.process.size", "1024m");
        conf.put("high-availability.type", "NONE");
        conf.put("execution.shutdown-on-application-finish", "false");
        conf.put("security.context.factory.classes", "org.apache.flink.runtime.security.contexts.NoOpSecurityContextFactory");
        conf.put("security.module.factory.classes", "org.apache.flink.runtime.security.modules.JaasModuleFactory");
        conf.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.put("pipeline.name", plan.namespace() + "/" + plan.name());
        conf.put("execution.checkpointing.dir", plan.checkpoints().directory());
        conf.put("execution.checkpointing.savepoint-dir", plan.checkpoints().savepointDirectory());
        // Only for the test's pace: rescale 2 s after a TaskManager came, and 5 s after the job started, not 30 s.
        conf.put("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "2s");
        conf.put("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "5s");
        return conf;
    }

    /** Settings over {@link #settings()} for every process started from now on (a benchmark's side). */
    public ApplicationCluster withSettings(Map<String, String> settings) {
        overrides.putAll(settings);
        return this;
    }

    /** Starts the JobManager, which runs PipelineMain with {@code --restore restore} when not null. */
    public ChildProcess startJobManager(String restore) {
        return startJobManager(restore, null);
    }

    /**
     * Starts the JobManager with {@code --job-id jobId} when not null, as the operator's JobManager Deployment does: a
     * JobManager started again (its pod replaced) resumes the job from that job's latest retained checkpoint.
     */
    public ChildProcess startJobManager(String restore, String jobId) {
        List<String> args = flinkArgs(Map.of());
        args.addAll(List.of("--job-classname", PipelineMain.class.getName(), "--",
                "--plan", planFile.getParent().toString(), "--secrets-dir", dir.resolve("secrets").toString(),
                "--metrics-port", String.valueOf(FreePorts.next())));
        if (restore != null) {
            args.addAll(List.of("--restore", restore));
        }
        if (jobId != null) {
            args.addAll(List.of("--job-id", jobId));
        }
        jobManager = start("jobmanager", ENTRY_POINT, args);
        return jobManager;
    }

    /** The JobManager started last. */
    public ChildProcess jobManager() {
        return jobManager;
    }

    public ChildProcess addTaskManager() {
        ChildProcess taskManager = start("taskmanager", TASK_MANAGER, flinkArgs(Map.of(
                "taskmanager.host", "127.0.0.1",
                "taskmanager.rpc.port", String.valueOf(FreePorts.next()),
                "taskmanager.data.port", String.valueOf(FreePorts.next()))));
        taskManagers.add(taskManager);
        return taskManager;
    }

    /**
     * Starts a new TaskManager for each that exited, as a Deployment's ReplicaSet replaces a pod that ended (on a
     * loaded machine a TaskManager can fail to start its RPC system in time).
     *
     * @return how many were replaced
     */
    public int replaceExitedTaskManagers() {
        int replaced = 0;
        for (int i = 0; i < taskManagers.size(); i++) {
            if (!taskManagers.get(i).isAlive()) {
                taskManagers.remove(i);
                addTaskManager();
                replaced++;
                i--;
            }
        }
        return replaced;
    }

    /** Kills the newest TaskManager, as a scale-down that removes its pod does; the others run on. */
    public void stopTaskManager() {
        taskManagers.remove(taskManagers.size() - 1).kill();
    }

    public void stopTaskManagers() {
        taskManagers.forEach(ChildProcess::kill);
        taskManagers.clear();
    }

    public FlinkRest rest() {
        return rest;
    }

    /** The working directory of every process started so far. */
    public List<Path> workDirs() {
        return processDirs.stream().map(d -> d.resolve("work")).toList();
    }

    /** The tmp directory of every process started so far. */
    public List<Path> tmpDirs() {
        return processDirs.stream().map(d -> d.resolve("tmp")).toList();
    }

    private List<String> flinkArgs(Map<String, String> own) {
        Map<String, String> conf = new TreeMap<>(settings());
        conf.putAll(overrides);
        conf.putAll(own);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        conf.forEach((key, value) -> args.add("-D" + key + "=" + value));
        return args;
    }

    /** As the pod does: {@code flink-java <role> <main class> <arguments>}, the JVM halting if the test JVM dies. */
    private ChildProcess start(String role, String mainClass, List<String> flinkArgs) {
        Path processDir = dir.resolve(role + "-" + ++processes);
        Path tmp = containerShare == null ? processDir.resolve("tmp") : Path.of("/tmp");
        processDirs.add(processDir);
        List<String> args = new ArrayList<>(flinkArgs);
        int settingsEnd = args.indexOf("--job-classname");
        List<String> tmpSettings = List.of("-Dio.tmp.dirs=" + tmp, "-Dweb.tmpdir=" + tmp,
                "-Dprocess.working-dir=" + tmp, "-Dmetrics.reporter.prom.port=" + FreePorts.next());
        args.addAll(settingsEnd < 0 ? args.size() : settingsEnd, tmpSettings);
        if (containerShare != null) {
            return RuntimeImage.start(role, mainClass, args, containerShare, processDir.resolve(role + ".log"));
        }
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("bash", DOCKER.resolve("flink-java").toString(), role));
        command.addAll(ChildJvm.withParent(mainClass, args));
        return ChildJvm.run(command, Map.of(
                        "JAVA_HOME", System.getProperty("java.home"),
                        "TRIBUTARY_CLASSPATH", System.getProperty("java.class.path"),
                        "TRIBUTARY_JVM_OPTIONS", DOCKER.resolve("jvm.options").toString(),
                        "TRIBUTARY_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + tmp
                                + " -Dorg.slf4j.simpleLogger.defaultLogLevel=info"),
                processDir.resolve("work"), processDir.resolve(role + ".log"));
    }

    @Override
    public void close() {
        stopTaskManagers();
        if (jobManager != null) {
            jobManager.kill();
        }
    }
}
