package dev.tributary.api.validation;

/**
 * One thing wrong with a resource: the field it concerns (a path such as {@code spec.sql} or
 * {@code spec.sources[1]}) and a sentence that says what is wrong and what to do.
 */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
