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
