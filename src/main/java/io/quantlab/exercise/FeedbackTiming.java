package io.quantlab.exercise;

/** When a student sees the score and feedback of a server-graded attempt: at once, or once the deadline passed. */
public enum FeedbackTiming {
    IMMEDIATE, AFTER_DUE
}
