package io.quantlab.exercise;

/** What a student hands in and how it is graded: numbers, one of their experiments, or free text. */
public enum ExerciseKind {
    /** Questions with each student's own numbers (and bank multiple-choice items), checked by the server. */
    NUMERIC,
    /** One of the student's experiments, checked against the constraints and re-evaluated on a hidden split. */
    TARGET,
    /** A short answer graded by an instructor with the rubric. */
    ESSAY
}
