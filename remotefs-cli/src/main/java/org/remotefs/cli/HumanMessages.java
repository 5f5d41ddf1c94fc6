package org.remotefs.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error messages as a person reads them: a Java exception a layer below let into its message
 * ({@code cannot create /srv/x: java.nio.file.FileAlreadyExistsException: /srv/x}) says what it means
 * instead ({@code /srv/x already exists}); any other class name is dropped, its message kept. The
 * error's code, details and, with {@code --verbose}, the stack trace keep the rest.
 */
final class HumanMessages {
    /** A file-system exception: its message is the path, and its class says what happened to it. */
    private record Meaning(Pattern pattern, String replacement) {
    }

    private static final String PATH = "([^:;,()\\s]+)";
    private static final List<Meaning> MEANINGS = List.of(
            meaning("java\\.nio\\.file\\.FileAlreadyExistsException: " + PATH, "$1 already exists"),
            meaning("java\\.nio\\.file\\.NoSuchFileException: " + PATH, "$1 does not exist"),
            meaning("java\\.nio\\.file\\.AccessDeniedException: " + PATH, "$1: permission denied"),
            meaning("java\\.nio\\.file\\.DirectoryNotEmptyException: " + PATH, "$1 is a directory that is not empty"),
            meaning("java\\.nio\\.file\\.NotDirectoryException: " + PATH, "$1 is not a directory"),
            meaning("java\\.nio\\.file\\.FileSystemLoopException: " + PATH, "$1 is a loop of symbolic links"),
            meaning("java\\.net\\.UnknownHostException: " + PATH, "unknown host $1"),
            meaning("java\\.net\\.ConnectException(: )?", "connection refused"),
            meaning("java\\.net\\.http\\.HttpConnectTimeoutException(: )?", "connection timed out"),
            meaning("java\\.net\\.http\\.HttpTimeoutException(: )?", "no answer in time"));
    /** Any other qualified exception class, with the colon that introduces its message. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b(?:: )?");

    private HumanMessages() {
    }

    private static Meaning meaning(String pattern, String replacement) {
        return new Meaning(Pattern.compile(pattern), replacement);
    }

    /** The message without Java class names. */
    static String of(String message) {
        if (message == null || message.isBlank()) {
            return "an unexpected internal error (run with --verbose for the details)";
        }
        String text = message;
        for (Meaning meaning : MEANINGS) {
            text = meaning.pattern().matcher(text).replaceAll(meaning.replacement());
        }
        Matcher names = CLASS_NAME.matcher(text);
        text = names.replaceAll("");
        return text.isBlank() ? "an unexpected internal error (run with --verbose for the details)" : text.strip();
    }
}
