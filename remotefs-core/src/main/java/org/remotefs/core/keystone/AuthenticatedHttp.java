package org.remotefs.core.keystone;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Function;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Calls a service with {@code X-Auth-Token}. A call refused with HTTP 401 is made once more with a
 * fresh token, as keystoneauth1's session does; refused again, it fails with
 * {@code AUTHENTICATION_FAILED}. With a static token a 401 is the caller's to report.
 */
public final class AuthenticatedHttp {
    private final HttpClient client;
    private final ServiceAuth auth;

    public AuthenticatedHttp(HttpClient client, ServiceAuth auth) {
        this.client = client;
        this.auth = auth;
    }

    /** The service's base URL, ending with {@code /}. */
    public URI base() {
        return URI.create(auth.endpoint().toString().replaceAll("/+$", "") + "/");
    }

    /** The path's URL for a message; the path alone when the endpoint cannot be known now. */
    public String where(String path) {
        try {
            return base().resolve(path).toString();
        } catch (RuntimeException e) {
            return path;
        }
    }

    /**
     * Sends the request the function builds from the service's base URL (ending with {@code /}),
     * with the token added. The function is called again for the retry: a body publisher is made anew.
     */
    public <T> HttpResponse<T> send(Function<URI, HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        URI base = base();
        String token = auth.token();
        HttpResponse<T> response = client.send(request.apply(base).header("X-Auth-Token", token).build(), handler);
        if (response.statusCode() != 401 || !auth.renew(token)) {
            return response;
        }
        discard(response.body());
        response = client.send(request.apply(base).header("X-Auth-Token", auth.token()).build(), handler);
        if (response.statusCode() == 401) {
            discard(response.body());
            throw new RemoteFsException(ErrorCode.AUTHENTICATION_FAILED, response.request().method() + " "
                    + response.request().uri().getPath() + " refused a token just issued to " + auth.describe()
                    + " (HTTP 401 twice): does the user have a role in the project for this service?",
                    Map.of("endpoint", base.toString(), "status", "401"));
        }
        return response;
    }

    private static void discard(Object body) throws IOException {
        if (body instanceof Closeable closeable) {
            closeable.close();
        }
    }
}
