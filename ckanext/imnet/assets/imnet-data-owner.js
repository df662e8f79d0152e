/* The data owner in the dataset form: a searchable list, and a text box for
 * an owner that is not on it.
 *
 * Each option carries every name its owner is known by (data-names: English
 * and Myanmar labels, abbreviations such as "CSO"), so typing any of them
 * finds it. The text box is shown only when "Other" is chosen; without
 * JavaScript both stay visible and work as they are.
 */
this.ckan.module('imnet-data-owner', function ($) {
  return {
    options: {placeholder: ''},
    initialize: function () {
      var el = this.el;
      var box = $('#imnet-data-owner-other');
      el.select2({
        width: '100%',
        placeholder: this.options.placeholder,
        allowClear: false,
        matcher: function (term, text, option) {
          var names = option && option.attr ? option.attr('data-names') || '' : '';
          var haystack = (text + ' | ' + names).toUpperCase();
          return haystack.indexOf($.trim(term).toUpperCase()) >= 0;
        }
      });
      var toggle = function (focus) {
        var other = el.val() === 'other';
        box.toggle(other);
        if (other && focus) {
          box.find('input').trigger('focus');
        }
      };
      el.on('change', function () { toggle(true); });
      toggle(false);
    }
  };
});
