package io.quantlab.web;

/** A lab that starts from a finished training, opened by a user who has none yet: how to get one. */
public record NeedsTrainingView(Page page, LabStart lab) {
}
