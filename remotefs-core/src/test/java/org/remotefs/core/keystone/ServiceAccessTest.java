package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;

/** Which access a section configures: a static token, or Keystone; and what cannot go together. */
class ServiceAccessTest {
    private static final String TOKEN = "static-token-never-shown";

    private static AuthenticatedHttp configure(Map<String, String> values) {
        return ServiceAccess.configure(new HostServiceSettings("remotefs.image_service", values, Map.of(),
                StopSignal.never()), "image", "glance_endpoint", "glance_token", ErrorCode.IMAGE_SERVICE_ERROR);
    }

    private static RemoteFsException refused(Map<String, String> values) {
        return catchThrowableOfType(() -> configure(values), RemoteFsException.class);
    }

    @Test
    void withoutAuthTypeTheStaticTokenAndEndpointAreUsed() {
        AuthenticatedHttp http = configure(Map.of("glance_endpoint", "http://glance:9292", "glance_token", TOKEN));

        assertThat(http.base()).isEqualTo(URI.create("http://glance:9292/"));
    }

    @Test
    void withKeystoneAnExplicitEndpointWinsAndNothingIsAskedBeforeTheFirstCall() {
        AuthenticatedHttp http = configure(Map.of("glance_endpoint", "https://glance:9292/", "auth_type", "password",
                "auth_url", "https://127.0.0.1:9/v3", "user_id", "u1", "password", "pw", "project_id", "p1"));

        assertThat(http.base()).isEqualTo(URI.create("https://glance:9292/"));
    }

    @Test
    void aStaticTokenBesideKeystoneOrNeitherEndpointNorKeystoneIsRefused() {
        RemoteFsException both = refused(Map.of("glance_token", TOKEN, "auth_type", "password",
                "auth_url", "https://k/v3", "user_id", "u1", "password", "pw", "project_id", "p1"));
        RemoteFsException neither = refused(Map.of("glance_token", TOKEN));
        RemoteFsException notHttp = refused(Map.of("glance_endpoint", "ftp://glance", "glance_token", TOKEN));

        assertThat(both.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
        assertThat(both.details()).containsEntry("option", "remotefs.image_service.glance_token");
        assertThat(both.getMessage()).doesNotContain(TOKEN);
        assertThat(neither.details()).containsEntry("option", "remotefs.image_service.glance_endpoint");
        assertThat(notHttp.details()).containsEntry("option", "remotefs.image_service.glance_endpoint");
    }

    @Test
    void aCafileThatIsNoCertificateIsRefused() throws Exception {
        java.nio.file.Path notPem = java.nio.file.Files.createTempFile("not", ".pem");
        try {
            java.nio.file.Files.writeString(notPem, "not a certificate");
            RemoteFsException e = refused(Map.of("glance_endpoint", "https://glance:9292", "glance_token", TOKEN,
                    "cafile", notPem.toString()));
            RemoteFsException missing = refused(Map.of("glance_endpoint", "https://glance:9292", "glance_token", TOKEN,
                    "cafile", notPem + ".missing"));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
            assertThat(e.details()).containsEntry("option", "remotefs.image_service.cafile");
            assertThat(missing.details()).containsEntry("option", "remotefs.image_service.cafile");
        } finally {
            java.nio.file.Files.delete(notPem);
        }
    }
}
