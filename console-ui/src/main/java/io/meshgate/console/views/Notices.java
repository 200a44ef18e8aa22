package io.meshgate.console.views;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.meshgate.console.api.ApiProblem;

/** Short messages in the corner: what the API said, in words, never a stack trace. */
public final class Notices {
    private Notices() {}

    public static void success(String message) {
        Notification n = Notification.show(message, 4000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        n.setId("notice-success");
    }

    public static void error(ApiProblem problem) {
        error(problem.summary());
    }

    public static void error(String message) {
        Notification n = Notification.show(message, 8000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setId("notice-error");
    }
}
