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
