package io.quantlab.classroom;

/** How an instructor belongs to a course; stored as {@code JsonFields.apiName} ("owner", "co-instructor"). */
public enum TeachingRole {
    OWNER, CO_INSTRUCTOR
}
