package org.remotefs.core.keystone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /v3/auth/tokens} for the configured method, as keystoneauth1's v3 plugins send it. */
public final class AuthRequestBody {
    private AuthRequestBody() {
    }

    public static Map<String, Object> of(KeystoneOptions options) {
        Map<String, Object> identity = new LinkedHashMap<>();
        if (options.authType() == AuthType.PASSWORD) {
            Map<String, Object> user = user(options);
            user.put("password", options.password());
            identity.put("methods", List.of("password"));
            identity.put("password", Map.of("user", user));
        } else {
            Map<String, Object> credential = new LinkedHashMap<>();
            if (!options.applicationCredentialId().isEmpty()) {
                credential.put("id", options.applicationCredentialId());
            } else {
                credential.put("name", options.applicationCredentialName());
                credential.put("user", user(options));
            }
            credential.put("secret", options.applicationCredentialSecret());
            identity.put("methods", List.of("application_credential"));
            identity.put("application_credential", credential);
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("identity", identity);
        // an application credential carries its own project: keystone refuses a scope beside it
        if (options.authType() == AuthType.PASSWORD) {
            auth.put("scope", Map.of("project", project(options)));
        }
        return Map.of("auth", auth);
    }

    private static Map<String, Object> user(KeystoneOptions options) {
        Map<String, Object> user = new LinkedHashMap<>();
        if (!options.userId().isEmpty()) {
            user.put("id", options.userId());
        } else {
            user.put("name", options.username());
            user.put("domain", domain(options.userDomainId(), options.userDomainName()));
        }
        return user;
    }

    private static Map<String, Object> project(KeystoneOptions options) {
        Map<String, Object> project = new LinkedHashMap<>();
        if (!options.projectId().isEmpty()) {
            project.put("id", options.projectId());
        } else {
            project.put("name", options.projectName());
            project.put("domain", domain(options.projectDomainId(), options.projectDomainName()));
        }
        return project;
    }

    private static Map<String, Object> domain(String id, String name) {
        return id.isEmpty() ? Map.of("name", name) : Map.of("id", id);
    }
}
