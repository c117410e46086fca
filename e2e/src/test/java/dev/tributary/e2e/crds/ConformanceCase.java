package dev.tributary.e2e.crds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file of the conformance corpus under {@code src/test/resources/conformance/}: {@code valid/<kind>/}
 * holds resources the API server must accept, {@code invalid/<kind>/} resources it must reject.
 *
 * <p>A file starts with comment lines: free text saying what the case is, then for an invalid case
 * {@code # expect: <field path>} (the field the error must name) and any number of
 * {@code # message: <text>} (substrings the error must contain). A file with two YAML documents is an
 * update: the first is applied and must be accepted, then the second (accepted if valid, rejected if
 * invalid).
 */
public record ConformanceCase(
        String id,
        Path file,
        String kind,
        boolean valid,
        String description,
        String expectedField,
        List<String> expectedMessages,
        List<String> documents) {

    public static final String CORPUS = "conformance";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** Kind folder name to the resource kind's plural, as kubectl and the API know it. */
    public String plural() {
        return kind + "s";
    }

    public String resourceKind() {
        return kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1);
    }

    public boolean isUpdate() {
        return documents.size() > 1;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Every case under {@code conformance/valid} or {@code conformance/invalid}, sorted by id. */
    public static List<ConformanceCase> load(boolean valid) {
        Path root = corpusRoot();
        Path dir = root.resolve(valid ? "valid" : "invalid");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(p -> parse(root, p, valid))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path corpusRoot() {
        URL url = ConformanceCase.class.getClassLoader().getResource(CORPUS);
        if (url == null) {
            throw new IllegalStateException("No " + CORPUS + "/ folder on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConformanceCase parse(Path root, Path file, boolean valid) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path relative = root.relativize(file);
        String kind = relative.getName(1).toString();
        List<String> description = new ArrayList<>();
        String expect = null;
        List<String> messages = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            String comment = line.substring(1).trim();
            if (comment.startsWith("expect:")) {
                expect = comment.substring("expect:".length()).trim();
            } else if (comment.startsWith("message:")) {
                messages.add(comment.substring("message:".length()).trim());
            } else {
                description.add(comment);
            }
        }
        List<String> documents = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(text)) {
            boolean hasContent = document.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"));
            if (hasContent) {
                documents.add(document.strip() + "\n");
            }
        }
        return new ConformanceCase(relative.toString(), file, kind, valid, String.join(" ", description), expect,
                List.copyOf(messages), List.copyOf(documents));
    }
}
