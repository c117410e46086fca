package dev.tributary.runtime;

import dev.tributary.api.plan.CheckpointPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.plugin.PluginConfig;
import org.apache.flink.core.plugin.PluginUtils;

/**
 * Flink's file systems for checkpoints in an object store. The S3 file system (flink-s3-fs-presto) is a Flink
 * plugin with its own class loader, never on the class path: its jar carries unshaded Hadoop, Guava and Jackson.
 * Flink loads plugins from {@code FLINK_PLUGINS_DIR} (default {@code ./plugins}); the image has it at
 * {@code /opt/tributary/plugins/s3-fs-presto/}. Flink's cluster entry points load them by themselves; a job on a
 * local MiniCluster (plain {@code java}, tests, {@code tributary dev}) needs this, before the first checkpoint
 * directory is listed, and with the job's settings, which carry the store's endpoint and keys.
 */
public final class ObjectStoreFileSystems {

    private ObjectStoreFileSystems() {
    }

    /** Does nothing for checkpoints on a volume (file:). */
    public static void initialize(CheckpointPlan checkpoints, Configuration conf) {
        if (checkpoints == null || checkpoints.directory() == null || isLocal(checkpoints.directory())) {
            return;
        }
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
        Path directory = new Path(checkpoints.directory());
        try {
            directory.getFileSystem();
        } catch (UnsupportedFileSystemSchemeException e) {
            throw new IllegalArgumentException("checkpoints.directory " + checkpoints.directory()
                    + ": no Flink file system for the scheme '" + directory.toUri().getScheme() + "'. Put the"
                    + " flink-s3-fs-presto jar in <plugins>/s3-fs-presto/ and point FLINK_PLUGINS_DIR at <plugins>"
                    + " (now " + PluginConfig.getPluginsDir().map(Object::toString).orElse("missing: "
                    + System.getenv().getOrDefault("FLINK_PLUGINS_DIR", "plugins")) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + checkpoints.directory(), e);
        }
    }

    private static boolean isLocal(String directory) {
        String scheme = new Path(directory).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }
}
