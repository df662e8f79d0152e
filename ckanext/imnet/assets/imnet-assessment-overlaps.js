/* Overlap warnings on the assessment form (templates/imnet/assessments/
 * overlaps_form.html): whenever a place, sector, date, population group,
 * status or the lead agency changes, ask imnet_assessment_overlaps with the
 * form's fields (after a pause in typing) and list what overlaps -- the
 * markup of _overlap_list.html, labels from the template. Saving is never
 * blocked; without this script the page-level list appears after saving.
 */
this.ckan.module('imnet-assessment-overlaps', function ($) {
  var FIELDS = [
    'owner_org', 'status', 'geographic_coverage', 'township_coverage', 'sector',
    'population_group', 'planned_start', 'planned_end', 'actual_start', 'actual_end'
  ];
  var PAUSE = 400;  // milliseconds without a change before asking

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined && text !== null) { el.textContent = text; }
    return el;
  }

  return {
    options: {action: '', id: '', read: '', lang: 'en', labels: {}},

    initialize: function () {
      $.proxyAll(this, /_on/);
      this.form = this.el.closest('form');
      this.status = this.el.find('.imnet-overlaps-status');
      this.results = this.el.find('.imnet-overlaps-results');
      this.asked = 0;
      this.timer = null;
      var selector = $.map(FIELDS, function (name) {
        return '[name="' + name + '"]';
      }).join(',');
      this.form.on('change input', selector, this._onChange);
    },

    _onChange: function () {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(this._onPause, PAUSE);
    },

    _values: function (name) {
      var values = [];
      this.form.find('[name="' + name + '"]').each(function () {
        var value = $(this).val();
        if (Array.isArray(value)) {
          values = values.concat(value);
        } else if (value) {
          values = values.concat(String(value).split(','));
        }
      });
      return $.grep($.map(values, $.trim), function (v) { return v !== ''; });
    },

    _onPause: function () {
      var labels = this.options.labels || {};
      var params = [];
      var self = this;
      $.each(FIELDS, function (i, name) {
        var values = self._values(name);
        if (!values.length) {
          params.push({name: name, value: ''});
        }
        $.each(values, function (j, value) {
          params.push({name: name, value: value});
        });
      });
      var places = this._values('township_coverage').length ||
        this._values('geographic_coverage').length;
      if (!places || !this._values('sector').length) {
        this._say(labels.hint);
        this.results.empty();
        return;
      }
      // An empty data-module-* attribute reads as true: only a text is an id.
      if (typeof this.options.id === 'string' && this.options.id) {
        params.push({name: 'id', value: this.options.id});
      }
      var asked = ++this.asked;
      this.el.attr('aria-busy', 'true');
      this._say(labels.checking);
      $.ajax({url: this.options.action, data: $.param(params), dataType: 'json'})
        .done(function (answer) {
          if (asked === self.asked) { self._show(answer.result); }
        })
        .fail(function () {
          if (asked === self.asked) {
            self._say(labels.error);
            self.results.empty();
          }
        })
        .always(function () {
          if (asked === self.asked) { self.el.removeAttr('aria-busy'); }
        });
    },

    _say: function (text) {
      this.status.text(text || '');
    },

    _title: function (item) {
      var myanmar = String(this.options.lang || '').split('_')[0] === 'my';
      return (myanmar && item.title_my) || item.title || item.name;
    },

    _fact: function (list, term, value) {
      list.appendChild(element('dt', null, term));
      var dd = element('dd', null, value);
      list.appendChild(dd);
      return dd;
    },

    _show: function (result) {
      var labels = this.options.labels || {};
      var overlaps = (result && result.overlaps) || [];
      this.results.empty();
      if (!overlaps.length) {
        this._say(labels.none);
        return;
      }
      this._say(String(labels.found || '').replace('{n}', overlaps.length));
      var list = element('ol', 'imnet-overlap-list list-unstyled');
      var self = this;
      $.each(overlaps, function (i, item) {
        var entry = element('li', 'imnet-overlap');
        var heading = element('h3', 'h5 imnet-overlap-title');
        var link = element('a', null, self._title(item));
        link.href = String(self.options.read).replace('__name__', encodeURIComponent(item.name));
        heading.appendChild(link);
        entry.appendChild(heading);
        var facts = element('dl', 'imnet-overlap-facts');
        self._fact(facts, labels.lead_agency, item.lead_agency && item.lead_agency.title);
        self._fact(facts, labels.status, item.status_label);
        if (item.collection) {
          self._fact(facts, labels.collection,
            item.collection.start + ' – ' + item.collection.end + ' (' +
            (item.collection.actual ? labels.actual : labels.planned) + ')');
        }
        var contact = self._fact(facts, labels.contact, item.maintainer);
        if (item.maintainer_email) {
          var mail = element('a', null, item.maintainer_email);
          mail.href = 'mailto:' + item.maintainer_email;
          contact.appendChild(document.createTextNode(' '));
          contact.appendChild(mail);
        }
        entry.appendChild(facts);
        var reasons = element('ul', 'imnet-overlap-reasons');
        $.each(item.reasons || [], function (j, reason) {
          reasons.appendChild(element('li', null, reason));
        });
        entry.appendChild(reasons);
        list.appendChild(entry);
      });
      this.results.append(list);
    }
  };
});
