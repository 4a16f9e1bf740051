package io.quantlab.exercise;

import java.time.Instant;

/**
 * A student's grade for an exercise: the score of the attempt that counts after its late penalty.
 * {@code picked}: an instructor chose that attempt, so later ones leave the grade alone.
 */
public record Grade(long exerciseId, long studentId, Long submissionId, double score, double maxScore, Long graderId,
                    String comment, Instant gradedAt, boolean picked, boolean late) {}
