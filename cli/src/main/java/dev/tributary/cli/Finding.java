package dev.tributary.cli;

/**
 * One problem with one resource, printed as {@code file: kind/name: field: message}; a part that is not known ("-")
 * is left out.
 */
public record Finding(String file, String resource, String field, String message) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String part : new String[] {file, resource, field}) {
            if (part != null && !part.isBlank() && !part.equals("-")) {
                out.append(part).append(": ");
            }
        }
        return out.append(message).toString();
    }
}
