package io.meshgate.console;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page shell: Lumo plus the console's own CSS, both served as plain stylesheets (no frontend
 * build beyond Vaadin's pre-built bundle), and a colour scheme that follows the operating system
 * ({@code color-scheme: light dark}, light when the browser states no preference).
 */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles/console.css")
@ColorScheme(ColorScheme.Value.LIGHT_DARK)
@Meta(name = "referrer", content = "no-referrer")
public class ConsoleShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Meshgate console");
        settings.addMetaTag("viewport", "width=device-width, initial-scale=1");
    }
}
