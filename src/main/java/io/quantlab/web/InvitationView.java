package io.quantlab.web;

import io.quantlab.classroom.Invitations;

/** The page of an invitation link: whose account, which course, the password form. */
public record InvitationView(Page page, Invitations.Pending invitation, String error) {
}
