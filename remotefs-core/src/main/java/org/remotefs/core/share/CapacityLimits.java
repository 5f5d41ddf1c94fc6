package org.remotefs.core.share;

import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.ForBackends;
import org.remotefs.core.config.CoreOptions;

/**
 * The two figures of Cinder's share eligibility ({@code _is_share_eligible}) and where they come
 * from. By default they are the generic options, as Cinder's NFS driver reads them since Mitaka:
 * the used ratio is {@code (100 - reserved_percentage) / 100} and the over-subscription ratio is
 * {@code max_over_subscription_ratio}. A backend with options of its own for them (Cinder's Linux
 * SMB driver: {@code smbfs_used_ratio}, {@code smbfs_oversub_ratio}) binds its own limits; the
 * over-subscription ratio is also what its stats report as {@code max_over_subscription_ratio}.
 *
 * @param usedRatio                   the largest used fraction of a share that still takes volumes, in (0, 1]
 * @param overSubscriptionRatio       how far allocated bytes may exceed a share's size, above 0
 * @param usedRatioOption             the option the used ratio came from, named in messages
 * @param overSubscriptionRatioOption the option the over-subscription ratio came from
 */
@ForBackends
public record CapacityLimits(double usedRatio, double overSubscriptionRatio, String usedRatioOption,
                             String overSubscriptionRatioOption) {

    /**
     * @throws RemoteFsException {@code INVALID_CONFIGURATION_VALUE} naming the option when a
     *                           ratio is out of its range
     */
    public CapacityLimits {
        if (!(usedRatio > 0 && usedRatio <= 1)) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    usedRatioOption + " must be above 0 and at most 1, not " + usedRatio,
                    Map.of("option", usedRatioOption, "value", Double.toString(usedRatio)));
        }
        if (!(overSubscriptionRatio > 0) || Double.isInfinite(overSubscriptionRatio)) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    overSubscriptionRatioOption + " must be above 0, not " + overSubscriptionRatio,
                    Map.of("option", overSubscriptionRatioOption, "value", Double.toString(overSubscriptionRatio)));
        }
    }

    /** The generic options' limits: {@code reserved_percentage} and {@code max_over_subscription_ratio}. */
    public static CapacityLimits from(CoreOptions options) {
        // a reserve of 100 % leaves no room at all; the range check wants a used ratio above 0
        double usedRatio = Math.max(Double.MIN_VALUE, (100.0 - options.reservedPercentage()) / 100.0);
        return new CapacityLimits(usedRatio, options.maxOverSubscriptionRatio(), "reserved_percentage",
                "max_over_subscription_ratio");
    }
}
