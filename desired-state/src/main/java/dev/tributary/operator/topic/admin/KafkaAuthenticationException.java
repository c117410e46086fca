package dev.tributary.operator.topic.admin;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Kafka refused the connection's identity: the TLS handshake failed (the brokers' certificate is not signed by a
 * CA the connection trusts, or the broker does not speak TLS there) or the SASL login was rejected. Retried with
 * backoff, since fixing the Secret fixes it, but reported as its own reason: it is not the broker being down.
 */
public class KafkaAuthenticationException extends KafkaUnavailableException {

    public KafkaAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exception for Kafka at {@code cluster} refusing {@code failure} while asked to {@code what}. */
    static KafkaAuthenticationException of(String cluster, AuthenticationException failure, String what) {
        if (failure instanceof SslAuthenticationException) {
            return new KafkaAuthenticationException("The TLS handshake with Kafka at " + cluster + " failed when"
                    + " asked to " + what + " (" + rootMessage(failure) + "): the brokers' certificate is not signed"
                    + " by a CA this connection trusts. Put the CA that signed the brokers' certificates (PEM) in the"
                    + " Secret key that spec.kafkaConnection.caCertificate names (or the operator's"
                    + " TRIBUTARY_KAFKA_CA_CERTIFICATE), and check that the brokers listen with TLS on that address",
                    failure);
        }
        String how = failure instanceof SaslAuthenticationException ? "rejected the SASL login" : "refused the login";
        return new KafkaAuthenticationException("Kafka at " + cluster + " " + how + " when asked to " + what + " ("
                + rootMessage(failure) + "). Check the username and password in the Secret that"
                + " spec.kafkaConnection.credentialsSecret names (or the operator's TRIBUTARY_KAFKA_CREDENTIALS_SECRET)"
                + " and the SASL mechanism", failure);
    }

    /** The innermost cause's message, on one line: for TLS that is the certificate problem itself. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
