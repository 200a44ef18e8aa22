/**
 * The state and rules behind the console's edit forms, as plain values: drafts that turn back into
 * the object to PUT, merge patches, where a field error belongs, advice-only validation with the
 * API's own validator, canary weights, diffs and copy-as-command. No Vaadin components: the views
 * bind these to fields, so all of it is tested without a browser.
 */
package io.meshgate.console.forms;
