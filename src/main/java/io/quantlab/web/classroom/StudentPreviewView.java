package io.quantlab.web.classroom;

import io.quantlab.web.Page;

/** "View as a student": one course's card exactly as its students see it. */
public record StudentPreviewView(Page page, StudentCourseView course) {
}
