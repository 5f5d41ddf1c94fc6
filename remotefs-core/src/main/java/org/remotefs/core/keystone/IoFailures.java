package org.remotefs.core.keystone;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * What a failed HTTP call means, in words: the JDK's client often throws a
 * {@code ConnectException} with no message at all, which would leave an error saying nothing.
 */
public final class IoFailures {
    private IoFailures() {
    }

    public static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                return "no connection within the connect timeout";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer within the timeout";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
