package io.quantlab.account;

public enum Role {
    ADMIN, INSTRUCTOR, STUDENT;

    /** Admins can do everything an instructor can. */
    public boolean teaches() {
        return this == ADMIN || this == INSTRUCTOR;
    }
}
