package dev.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads YAML files and directories (recursively, *.yaml and *.yml, multi-document) into documents, the way kubectl
 * reads them ({@link KubeYaml}).
 */
public final class YamlLoader {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern READER_LOCATION =
            Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

    private final List<Document> documents = new ArrayList<>();
    private final List<Finding> problems = new ArrayList<>();

    public List<Document> documents() {
        return documents;
    }

    public List<Finding> problems() {
        return problems;
    }

    public void load(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(Files::isRegularFile).filter(YamlLoader::isYaml).sorted().forEach(this::loadFile);
            } catch (IOException e) {
                problems.add(new Finding(path.toString(), "-", "-", "cannot read the directory: " + e.getMessage()));
            }
        } else if (Files.isRegularFile(path)) {
            loadFile(path);
        } else {
            problems.add(new Finding(path.toString(), "-", "-", "no such file or directory: check the path"));
        }
    }

    static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private void loadFile(Path file) {
        String name = file.toString();
        int index = 0;
        try (Reader reader = Files.newBufferedReader(file)) {
            for (KubeYaml.Read read : KubeYaml.readAll(reader)) {
                JsonNode tree = read.tree();
                index++;
                if (tree == null || tree.isNull() || tree.isMissingNode()) {
                    continue; // an empty document, such as a trailing ---
                }
                if (!tree.isObject()) {
                    problems.add(new Finding(name, "document " + index, "-",
                            "a resource must be a YAML mapping with apiVersion, kind, metadata and spec"));
                    continue;
                }
                JsonNode metadata = tree.path("metadata");
                String namespace = metadata.path("namespace").asText(null);
                documents.add(new Document(name, index, tree.path("kind").asText(null),
                        metadata.path("name").asText(null),
                        namespace == null || namespace.isBlank() ? Document.DEFAULT_NAMESPACE : namespace, tree,
                        read.retyped()));
            }
        } catch (KubeYaml.Unreadable e) {
            problems.add(new Finding(name, "document " + (index + 1), e.field(), "not valid for kubectl: "
                    + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            problems.add(new Finding(name, "document " + (index + 1), "-", "not valid YAML: " + describe(e)));
        }
    }

    /**
     * The parser's sentences with the line and column each names, on one line: "while parsing a flow mapping at line
     * 2, column 11: expected ',' or '}', but got <stream end> at line 3, column 1".
     */
    static String describe(Exception e) {
        String text = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (text == null) {
            return e.toString();
        }
        List<String> parts = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher at = READER_LOCATION.matcher(line);
            if (at.matches() && !parts.isEmpty()) {
                int last = parts.size() - 1;
                parts.set(last, parts.get(last) + " at line " + at.group(1) + ", column " + at.group(2));
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                parts.add(line.strip());
            }
        }
        return parts.isEmpty() ? text.strip() : String.join(": ", parts);
    }
}
