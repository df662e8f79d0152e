/* Township Pcodes in the dataset form are shown with their names.
 *
 * CKAN's autocomplete module shows a tag input's initial values as they are
 * (bare Pcodes); this module, placed after it on the same input, gives each
 * chosen Pcode its label ("Myitkyina (Kachin)") from data-module-labels.
 */
this.ckan.module('imnet-township-labels', function ($) {
  return {
    options: {labels: {}},
    initialize: function () {
      var labels = this.options.labels || {};
      var value = $.trim(this.el.val() || '');
      if (!value || !this.el.data('select2')) {
        return;
      }
      var chosen = $.map(value.split(','), function (code) {
        code = $.trim(code);
        return code ? {id: code, text: labels[code] || code} : null;
      });
      this.el.select2('data', chosen);
    }
  };
});
