package dev.tributary.operator.status;

import dev.tributary.api.validation.Problem;
import java.util.List;

/** A condition message for a spec with problems: the first in full, then how many more and which fields. */
public final class ProblemList {

    /** The most problems named after the first; the message must stay readable in {@code kubectl get}. */
    static final int MAX_NAMED = 3;

    private ProblemList() {
    }

    /** {@code field: message}, and for more problems {@code (and N more: field: message; …)}. */
    public static String sentence(List<Problem> problems) {
        Problem first = problems.get(0);
        StringBuilder out = new StringBuilder(first.field()).append(": ").append(first.message());
        int more = problems.size() - 1;
        if (more == 0) {
            return out.toString();
        }
        out.append(" (and ").append(more).append(" more: ");
        List<Problem> named = problems.subList(1, Math.min(problems.size(), 1 + MAX_NAMED));
        for (int i = 0; i < named.size(); i++) {
            out.append(i == 0 ? "" : "; ").append(named.get(i).field()).append(": ").append(named.get(i).message());
        }
        if (more > named.size()) {
            out.append("; ").append(more - named.size()).append(more - named.size() == 1 ? " other" : " others");
        }
        return out.append(")").toString();
    }
}
