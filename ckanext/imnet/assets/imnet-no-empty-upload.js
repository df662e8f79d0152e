/* A resource form sent without a chosen file must not send an empty file:
 * CKAN counts it as data and creates an unnamed resource. */
this.ckan.module('imnet-no-empty-upload', function ($) {
  return {
    initialize: function () {
      this.el.closest('form').on('submit', function () {
        $(this).find('input[type=file]').each(function () {
          if (!this.files || !this.files.length) {
            this.disabled = true;
          }
        });
      });
    }
  };
});
