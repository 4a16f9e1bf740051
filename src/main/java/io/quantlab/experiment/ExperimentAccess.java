package io.quantlab.experiment;

import io.quantlab.account.Role;
import io.quantlab.account.User;
import java.util.Set;

/**
 * Which experiments one person may open and what they may do with them (issue 14: "an instructor
 * sees only their own courses and their students"). Anyone sees their own and the baselines of the
 * courses they take or teach; an instructor also sees, read-only, the experiments of the students
 * enrolled in the courses they own or co-teach; an administrator sees every experiment. Anything
 * else is answered like an experiment that does not exist.
 *
 * @param courseIds  the courses the viewer is enrolled in or teaches
 * @param studentIds the students enrolled in the courses the viewer teaches (empty for a student)
 */
public record ExperimentAccess(User viewer, Set<Long> courseIds, Set<Long> studentIds) {

    public boolean mayView(Experiment e) {
        return mayChange(e) || studentIds.contains(e.ownerId()) || isBaselineOfTheViewersCourse(e);
    }

    /** Cancel it or make it a course's baseline: its owner, or an administrator. */
    public boolean mayChange(Experiment e) {
        return e.ownerId() == viewer.id() || viewer.role() == Role.ADMIN;
    }

    /** Quantize it as one's own new experiment: one's own training, or a baseline of one's course. */
    public boolean mayStartFrom(Experiment e) {
        return mayChange(e) || isBaselineOfTheViewersCourse(e);
    }

    private boolean isBaselineOfTheViewersCourse(Experiment e) {
        return e.isBaseline() && courseIds.contains(e.baselineCourseId());
    }
}
