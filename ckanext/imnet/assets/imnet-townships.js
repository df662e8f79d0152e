/* Township Pcodes in the dataset form are shown with their names.
 *
 * CKAN's autocomplete module shows a tag input's initial values as they are
 * (bare Pcodes); this module, placed after it on the same input, gives each
 * chosen Pcode its label ("Myitkyina (Kachin)") from data-module-labels.
 * select2 3.5 (CKAN 2.11) takes the chosen items as data; select2 4.x (CKAN
 * 2.12) asks CKAN's data adapter for them each time it draws the box, so the
 * adapter's answer is given the labels, of the Pcodes chosen since as well.
 */
this.ckan.module('imnet-township-labels', function ($) {
  return {
    options: {labels: {}},
    initialize: function () {
      var labels = $.extend({}, this.options.labels || {});
      var value = $.trim(this.el.val() || '');
      var select2 = this.el.data('select2');
      if (select2 && select2.dataAdapter) {
        this.labelAdapter(select2.dataAdapter, labels);
        return;
      }
      if (!value || !select2) {
        return;
      }
      var chosen = $.map(value.split(','), function (code) {
        code = $.trim(code);
        return code ? {id: code, text: labels[code] || code} : null;
      });
      this.el.select2('data', chosen);
    },

    // select2 4.x: label what the adapter reports as chosen, and redraw.
    labelAdapter: function (adapter, labels) {
      var current = adapter.current;
      adapter.current = function (callback) {
        current.call(this, function (items) {
          callback($.map(items || [], function (item) {
            return $.extend({}, item, {text: labels[item.id] || item.text});
          }));
        });
      };
      this.el.on('select2:select', function (event) {
        var item = event.params && event.params.data;
        if (item && item.id) {
          labels[item.id] = item.text;
        }
      });
      this.el.trigger('change.select2');
    }
  };
});
