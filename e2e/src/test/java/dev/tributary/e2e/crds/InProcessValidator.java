package dev.tributary.e2e.crds;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tributary validate}'s Validator in this JVM: loaded from cli/target with the CLI's own class path, in a class
 * loader of its own (Flink and the CLI's other dependencies stay off the suites' class path).
 */
public final class InProcessValidator implements AutoCloseable {

    /** One finding of validate: the resource (Kind/name), the field path and the message. */
    public record Finding(String resource, String field, String message) {
    }

    private final URLClassLoader loader;
    private final Object schemaOnly;
    private final Object full;
    private final Method apiServerFindings;
    private final Method validate;

    private InProcessValidator(URLClassLoader loader) throws ReflectiveOperationException {
        this.loader = loader;
        Class<?> type = loader.loadClass("dev.tributary.cli.Validator");
        this.schemaOnly = type.getConstructor(boolean.class).newInstance(false);
        this.full = type.getConstructor(boolean.class).newInstance(true);
        this.apiServerFindings = type.getMethod("apiServerFindings", Path.class);
        this.validate = type.getMethod("validate", List.class);
    }

    public static InProcessValidator fromCli() throws IOException, ReflectiveOperationException {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(System.getProperty("tributary.cli.jar")).toUri().toURL());
        for (String entry : Files.readString(Path.of(System.getProperty("tributary.cli.classpath"))).trim()
                .split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new InProcessValidator(new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader()));
    }

    /** What validate finds that the API server checks too (schema and CEL), each as validate prints it. */
    public List<String> apiServerFindings(Path file) throws ReflectiveOperationException {
        List<?> findings = (List<?>) inLoader(() -> apiServerFindings.invoke(schemaOnly, file));
        return findings.stream().map(Object::toString).toList();
    }

    /** Everything {@code tributary validate <file>} finds, SQL planning included. */
    public List<Finding> validate(Path file) throws ReflectiveOperationException {
        Object report = inLoader(() -> validate.invoke(full, List.of(file)));
        List<?> findings = (List<?>) report.getClass().getMethod("findings").invoke(report);
        List<Finding> out = new ArrayList<>();
        for (Object f : findings) {
            Class<?> type = f.getClass();
            out.add(new Finding((String) type.getMethod("resource").invoke(f), (String) type.getMethod("field")
                    .invoke(f), (String) type.getMethod("message").invoke(f)));
        }
        return out;
    }

    private interface Call {
        Object call() throws ReflectiveOperationException;
    }

    /** Flink finds its factories through the context class loader: the CLI's, not this JVM's. */
    private Object inLoader(Call call) throws ReflectiveOperationException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
