/* A "select all" box for a table of checkboxes (the curation workspace's
 * bulk form): data-module="imnet-select-all" on the box, data-module-target
 * a selector of the boxes it ticks. */
this.ckan.module('imnet-select-all', function ($) {
  return {
    options: {target: ''},
    initialize: function () {
      var boxes = $(this.options.target);
      var all = this.el;
      all.on('change', function () {
        boxes.prop('checked', all.prop('checked'));
      });
      boxes.on('change', function () {
        all.prop('checked', boxes.length > 0 && boxes.filter(':checked').length === boxes.length);
      });
    }
  };
});
