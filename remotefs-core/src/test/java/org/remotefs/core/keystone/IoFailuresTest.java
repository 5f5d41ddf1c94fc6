package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import org.junit.jupiter.api.Test;

/** A failed call's cause in words, where the JDK's client gives none. */
class IoFailuresTest {

    @Test
    void theJdkClientsSilentExceptionsAreNamed() {
        assertThat(IoFailures.describe(new ConnectException())).isEqualTo("connection refused");
        assertThat(IoFailures.describe(new IOException(null, new ConnectException()))).isEqualTo("connection refused");
        assertThat(IoFailures.describe(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("no connection within the connect timeout");
        assertThat(IoFailures.describe(new HttpTimeoutException("request timed out")))
                .isEqualTo("no answer within the timeout");
    }

    @Test
    void anyOtherFailureKeepsItsMessageOrItsKind() {
        assertThat(IoFailures.describe(new IOException("stream closed"))).isEqualTo("stream closed");
        assertThat(IoFailures.describe(new IOException())).isEqualTo("IOException");
    }
}
