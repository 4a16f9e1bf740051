package io.quantlab.web;

import io.quantlab.account.User;

/** What the layout needs on every page: the title, who is signed in, the CSRF token, the active tab. */
public record Page(String title, User user, String csrfToken, String active) {
    public boolean signedIn() {
        return user != null;
    }

    public boolean teaches() {
        return user != null && user.role().teaches();
    }

    /** An administrator: manages accounts on the People page. */
    public boolean administers() {
        return user != null && user.role() == io.quantlab.account.Role.ADMIN;
    }
}
