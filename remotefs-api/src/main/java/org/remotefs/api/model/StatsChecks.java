package org.remotefs.api.model;

import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** Range checks for capacity figures. */
final class StatsChecks {
    private StatsChecks() {
    }

    static void capacity(String key, double value) {
        if (Double.isNaN(value) || value < 0) {
            throw new RemoteFsException(ErrorCode.DRIVER_ERROR, key + " is " + value + ", not a capacity",
                    Map.of("key", key));
        }
    }

    static void percentage(int value) {
        if (value < 0 || value > 100) {
            throw new RemoteFsException(ErrorCode.DRIVER_ERROR,
                    "reserved_percentage " + value + " is not within 0..100", Map.of("key", "reserved_percentage"));
        }
    }

    static void ratio(double value) {
        if (Double.isNaN(value) || value < 1) {
            throw new RemoteFsException(ErrorCode.DRIVER_ERROR,
                    "max_over_subscription_ratio " + value + " is below 1", Map.of("key", "max_over_subscription_ratio"));
        }
    }
}
