/*
 * Messages of CKAN's JavaScript that CKAN's Myanmar catalogue lacks, for Babel
 * only: this file is never served. CKAN builds the JavaScript catalogue of a
 * language (ckan/lib/i18n.py, build_js_translations, run by `ckan run` and
 * `ckan translation js`) from its own and each plugin's messages that occur
 * in a .js file, later catalogues replacing earlier ones -- so our catalogue
 * can translate them only if Babel finds them in JavaScript. See
 * i18n_core.py for the same for templates.
 */
var _ = function (message) { return message; };

var MESSAGES = [
  _("Close"),
  _("Input is too short, must be at least one character"),
  _("Reorder resource view"),
  // DataTables previews (datatables_view)
  _("Print"),
  _("seconds"),
  _("Double-click to reset filters"),
  _("Table/List toggle"),
  _("Copy to clipboard"),
  _("Toggle column visibility"),
  _("Restore visibility"),
  _("Show all"),
  _("Show none"),
  _("Filtered"),
  _("Filtered download"),
  _("Share current view"),
  _("Copied deeplink to clipboard"),
  _("Sort"),
  _("Press SHIFT key while clicking on\nsort control for multi-column sort"),
];
