/* The data owner in the dataset form: a searchable list, and a text box for
 * an owner that is not on it.
 *
 * Each option carries every name its owner is known by (data-names: English
 * and Myanmar labels, abbreviations such as "CSO"), so typing any of them
 * finds it. The text box is shown only when "Other" is chosen; without
 * JavaScript both stay visible and work as they are. Works with select2 3.5
 * (CKAN 2.11) and 4.x (CKAN 2.12), whose matchers take different arguments.
 */
this.ckan.module('imnet-data-owner', function ($) {
  // Whether the typed term is in the option's text or any of its names.
  var matches = function (term, text, option) {
    var names = option ? $(option).attr('data-names') || '' : '';
    var haystack = (text + ' | ' + names).toUpperCase();
    return haystack.indexOf($.trim(term || '').toUpperCase()) >= 0;
  };
  // select2 3.5: (term, text, option as jQuery) -> boolean.
  var matcher3 = function (term, text, option) {
    return matches(term, text, option && option.length ? option[0] : null);
  };
  // select2 4.x: (params, data) -> data, or null when it does not match; a
  // group (the list's optgroups) is kept with the options of it that match.
  var matcher4 = function (params, data) {
    if (!$.trim(params.term || '')) {
      return data;
    }
    if (data.children && data.children.length) {
      var kept = $.grep(data.children, function (child) {
        return matcher4(params, child) !== null;
      });
      return kept.length ? $.extend({}, data, {children: kept}) : null;
    }
    return matches(params.term, data.text || '', data.element) ? data : null;
  };
  return {
    options: {placeholder: ''},
    initialize: function () {
      var el = this.el;
      var box = $('#imnet-data-owner-other');
      el.select2({
        width: '100%',
        placeholder: this.options.placeholder,
        allowClear: false,
        matcher: $.fn.select2.amd ? matcher4 : matcher3
      });
      var toggle = function (focus) {
        var other = el.val() === 'other';
        box.toggle(other);
        if (other && focus) {
          // After select2 has closed: select2 4 then gives its box the focus.
          window.setTimeout(function () { box.find('input').trigger('focus'); }, 0);
        }
      };
      el.on('change', function () { toggle(true); });
      toggle(false);
    }
  };
});
