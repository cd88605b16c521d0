// The dashboard's progress moves without reloading: the counts are asked for every few seconds
// (data-interval, 10 s unless Console__ProgressInterval says otherwise).
(function () {
  var section = document.querySelector('[data-progress]');
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute('data-progress');
  var fields = { bar_announced: 'announced', bar_opened: 'opened', bar_submitted: 'submitted', bar_late: 'late', bar_missing: 'missing', bar_visited: 'visited', bar_appraised: 'appraised' };
  function update() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) { return; }
        var seen = JSON.stringify(progress);
        // The unit table moves with the bars: when the counts change, its rows are read again from the
        // server (the same page, with the same filter, sort and page), unless someone is typing in it.
        if (last !== null && seen !== last) { refreshUnits(); }
        last = seen;
        Object.keys(fields).forEach(function (key) {
          var value = progress[fields[key]];
          var bar = section.querySelector('[data-count="' + key + '"]');
          var text = section.querySelector('[data-count-text="' + key + '"]');
          if (bar) { bar.value = value; }
          if (text) { text.textContent = value; }
        });
      })
      .catch(function () { /* the next tick tries again */ });
  }
  var last = null;
  function refreshUnits() {
    var units = document.querySelector('[data-live-units]');
    if (!units || units.contains(document.activeElement) && document.activeElement.matches('input, select, textarea')) { return; }
    fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var next = new DOMParser().parseFromString(html, 'text/html');
        units.querySelectorAll('[data-live]').forEach(function (part) {
          var fresh = next.querySelector('[data-live="' + part.getAttribute('data-live') + '"]');
          if (fresh) { part.replaceWith(document.importNode(fresh, true)); }
        });
      })
      .catch(function () { /* the next change tries again */ });
  }
  window.setInterval(update, parseInt(section.getAttribute('data-interval'), 10) || 10000);
})();

// The appraisal form: a score that differs from the self-score marks its row and makes its reason
// required, before the server (which checks the same rule) has to say so.
(function () {
  var form = document.querySelector('form[data-appraisal]');
  if (!form) { return; }
  function check(input) {
    var row = input.closest('tr');
    var reason = row && row.querySelector('textarea');
    var typed = (input.value || '').replace(',', '.');
    var differs = typed !== '' && parseFloat(typed) !== parseFloat(input.getAttribute('data-self'));
    if (row) { row.classList.toggle('differs', differs); }
    if (reason) { reason.required = differs && !reason.disabled; }
  }
  form.querySelectorAll('[data-self]').forEach(function (input) {
    check(input);
    input.addEventListener('input', function () { check(input); });
    input.addEventListener('change', function () { check(input); });
  });
  // A draft may be saved with reasons still missing.
  form.querySelectorAll('button[value="draft"]').forEach(function (button) { button.formNoValidate = true; });
})();
