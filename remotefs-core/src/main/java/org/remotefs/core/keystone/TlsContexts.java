package org.remotefs.core.keystone;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;

/**
 * The TLS trust of a service's connections, as keystoneauth1's session options mean it: the JDK's
 * trust store and host name check by default; with {@code cafile}, only the CAs of that PEM file
 * (host names still checked); with {@code insecure = true}, nothing is checked.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** The context for the section's {@code cafile} and {@code insecure}; empty: the JDK's default. */
    public static Optional<SSLContext> of(HostServiceSettings settings, Optional<Path> cafile, boolean insecure) {
        try {
            if (insecure) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustingEverything()}, null);
                return Optional.of(context);
            }
            if (cafile.isEmpty()) {
                return Optional.empty();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(cafile.get())) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
            }
            if (n == 0) {
                throw invalidCafile(settings, cafile.get(), "it holds no PEM certificate", null);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException e) {
            throw invalidCafile(settings, cafile.orElse(Path.of("")), "cannot read it: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw invalidCafile(settings, cafile.orElse(Path.of("")), "not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static RemoteFsException invalidCafile(HostServiceSettings settings, Path file, String why, Exception cause) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe("cafile") + " = '" + file + "' is invalid: " + why,
                Map.of("option", settings.section() + ".cafile"), cause);
    }

    /**
     * {@code insecure = true}: an extended trust manager, so the JDK adds no host name check of its
     * own either (it checks names only around a plain X509TrustManager).
     */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
