package dev.tributary.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads YAML files and directories (recursively, *.yaml and *.yml, multi-document) into documents. */
public final class YamlLoader {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode tree = it.nextValue();
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
                        namespace == null || namespace.isBlank() ? Document.DEFAULT_NAMESPACE : namespace, tree));
            }
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            problems.add(new Finding(name, "document " + (index + 1), "-", "not valid YAML: " + message));
        }
    }
}
