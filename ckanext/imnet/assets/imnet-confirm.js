/* Asks before a form takes a step that cannot be undone (approve, reject,
 * revoke, withdraw): data-module="imnet-confirm" data-module-message="...". */
this.ckan.module('imnet-confirm', function ($) {
  return {
    options: {message: ''},
    initialize: function () {
      var message = this.options.message;
      this.el.on('submit', function (event) {
        if (message && !window.confirm(message)) {
          event.preventDefault();
        }
      });
    }
  };
});
