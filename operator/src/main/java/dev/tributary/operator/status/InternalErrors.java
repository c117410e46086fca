package dev.tributary.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.ArrayList;
import java.util.regex.Pattern;

/** The status of a resource whose reconcile failed unexpectedly: Ready=False, reason InternalError, and why. */
public final class InternalErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 300;
    /** A credential an exception message might quote (a JAAS line, a URL's password): never written anywhere. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(password|passwd|secret|token|sasl\\.jaas\\.config|credentials?)(\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)(\\w+://)[^/@\\s]+@");

    private InternalErrors() {
    }

    /** The previous status as it was, without its conditions (they are merged again), or {@code empty}. */
    @SuppressWarnings("unchecked")
    public static <S extends dev.tributary.api.v1alpha1.ResourceStatus> S keep(S previous, S empty) {
        S kept = previous == null ? empty : (S) JSON.convertValue(previous, previous.getClass());
        kept.conditions = new ArrayList<>();
        return kept;
    }

    /** One line for the Ready message: what failed, with anything that looks like a credential masked. */
    public static String message(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        what = URL_USER_INFO.matcher(SECRET.matcher(what.replaceAll("\\s+", " ").trim()).replaceAll("$1$2***"))
                .replaceAll("$1***@");
        if (what.length() > MAX_LENGTH) {
            what = what.substring(0, MAX_LENGTH) + "…";
        }
        return "The operator failed unexpectedly (" + what + "); it retries with backoff. If this persists, report it"
                + " with the operator's log.";
    }

    /** The SDK's answer for a status write {@link StatusWrites} made or returned. */
    public static <R extends HasMetadata> ErrorStatusUpdateControl<R> control(UpdateControl<R> written) {
        return written.getResource().map(ErrorStatusUpdateControl::patchStatus)
                .orElseGet(ErrorStatusUpdateControl::noStatusUpdate);
    }
}
