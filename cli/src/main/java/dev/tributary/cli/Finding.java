package dev.tributary.cli;

/** One problem with one resource, printed as {@code file: kind/name: field: message}. */
public record Finding(String file, String resource, String field, String message) {

    @Override
    public String toString() {
        return file + ": " + resource + ": " + field + ": " + message;
    }
}
