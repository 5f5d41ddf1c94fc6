package org.remotefs.core.json;

import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The project's one Jackson set-up. */
public final class Json {
    private Json() {
    }

    /**
     * {@link #mapper()} made when first asked for, then the same one. Setting Jackson up takes a
     * good part of a short command's start (README "Fast start"), and most runs of a part that
     * holds a mapper (an info file without snapshots, a lock never taken) never use it.
     */
    public static Supplier<ObjectMapper> lazyMapper() {
        return new Supplier<>() {
            private ObjectMapper mapper;

            @Override
            public synchronized ObjectMapper get() {
                if (mapper == null) {
                    mapper = mapper();
                }
                return mapper;
            }
        };
    }

    /** A mapper that writes maps in insertion order and pretty-prints. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }
}
