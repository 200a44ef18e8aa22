/**
 * The console's screens as Vaadin routes inside {@link io.meshgate.console.views.MainLayout}: lists,
 * edit forms, YAML, audit, canary split, mesh config, plus the small pieces they share (filters,
 * notices, field-error placement). Every read and write goes through the session's API client: the
 * views store nothing themselves and know no server classes.
 */
package io.meshgate.console.views;
