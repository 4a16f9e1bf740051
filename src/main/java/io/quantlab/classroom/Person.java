package io.quantlab.classroom;

import io.quantlab.account.Role;
import java.time.Instant;
import java.util.List;

/**
 * One account as the administrator's People page shows it. {@code lastActiveAt} is null when they
 * never used QuantLab; {@code invitationPending}: made with an invitation link not used yet (no
 * password); {@code teaches}: the names of the courses they own or co-teach.
 */
public record Person(long id, String email, String name, Role role, Instant createdAt, Instant lastActiveAt,
        boolean invitationPending, List<String> teaches) {
}
