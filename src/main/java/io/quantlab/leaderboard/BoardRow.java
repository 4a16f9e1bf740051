package io.quantlab.leaderboard;

import io.quantlab.experiment.ExperimentResult;

/**
 * One row of the leaderboard: a result and the experiment it belongs to.
 *
 * @param baseline true for a course's baseline training
 * @param openable true when the viewer may open the experiment's page
 *                 ({@link io.quantlab.experiment.ExperimentAccess#mayView}); a classmate's row shows its numbers only
 */
public record BoardRow(long experimentId, String ownerName, boolean baseline, boolean openable,
                       ExperimentResult result) {
}
