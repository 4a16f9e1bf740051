package io.quantlab.exercise;

import io.quantlab.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Each student's own numbers: the draws of question {@code question} of exercise {@code exercise}
 * for user {@code student}, the same every time they are asked for, different between students.
 * Nothing needs storing: the server draws them again to check an answer.
 */
public final class StudentNumbers {
    private StudentNumbers() {}

    public static SplittableRandom random(long exercise, int question, long student) {
        String hex = Sha256.hex(("numeric-exercise:" + exercise + ":" + question + ":" + student)
                .getBytes(StandardCharsets.UTF_8));
        return new SplittableRandom(Long.parseUnsignedLong(hex.substring(0, 16), 16));
    }
}
