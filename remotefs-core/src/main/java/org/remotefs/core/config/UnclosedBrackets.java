package org.remotefs.core.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Finds the {@code {} or {@code [} of HOCON text that is never closed. Typesafe Config reports a
 * missing {@code }} where it notices it, at the end of the file, and in words about the wrong
 * bracket ("expecting a close parentheses ')'"); this names the opening one and its line, which is
 * what the user has to look at. Quoted strings (also triple-quoted) and comments are skipped.
 *
 * @param bracket the unclosed bracket, {@code {} or {@code [}
 * @param line    its line, 1-based
 */
record UnclosedBrackets(char bracket, int line) {

    /** The outermost bracket left open at the end of the text, or empty when every one is closed. */
    static Optional<UnclosedBrackets> find(String text) {
        Deque<UnclosedBrackets> open = new ArrayDeque<>();
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? text.length() : end + 3;
                line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end;
            } else if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '#' || text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                if (c == '{' || c == '[') {
                    open.push(new UnclosedBrackets(c, line));
                } else if ((c == '}' || c == ']') && !open.isEmpty()) {
                    open.pop();
                }
                i++;
            }
        }
        return open.isEmpty() ? Optional.empty() : Optional.of(open.peekLast());
    }

    /** What the user has to add. */
    char closing() {
        return bracket == '{' ? '}' : ']';
    }
}
