// The unit's page: uploads with a progress bar and the check result shown in place; drag and drop.
// Without JavaScript the same forms post normally and the server renders the result.
(function () {
  "use strict";
  var body = document.body;

  function render(outcome) {
    var box = document.getElementById("upload-result");
    if (!box) { return; }
    var div = document.createElement("div");
    div.id = "outcome";
    div.className = "outcome " + (outcome.problems.length === 0 ? "ok" : "bad");
    var p = document.createElement("p");
    p.textContent = outcome.heading;
    div.appendChild(p);
    if (outcome.problems.length > 0) {
      var ul = document.createElement("ul");
      ul.className = "problems";
      outcome.problems.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; ul.appendChild(li); });
      div.appendChild(ul);
    }
    box.replaceChildren(div);
  }

  // The page again from the server, so the version list and the timeline are current.
  function refresh(then) {
    fetch(location.pathname + location.search, { headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        if (next) { document.querySelector("main").replaceWith(next); }
        then();
      })
      .catch(then);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("upload") || !window.FormData) { return; }
    event.preventDefault();
    var bar = form.querySelector("progress");
    var button = form.querySelector("button");
    var label = button.textContent;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
    xhr.onload = function () {
      var outcome;
      try { outcome = JSON.parse(xhr.responseText); } catch (e) { outcome = { heading: body.dataset.networkError, problems: [] }; }
      refresh(function () { if (form.id === "form-upload" || outcome.problems.length > 0) { render(outcome); } });
    };
    xhr.onerror = function () {
      bar.hidden = true; button.disabled = false; button.textContent = label;
      render({ heading: body.dataset.networkError, problems: [] });
    };
    bar.hidden = false; bar.value = 0; button.disabled = true; button.textContent = body.dataset.uploading;
    xhr.send(new FormData(form));
  });

  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      var drop = e.target.closest && e.target.closest(".drop");
      if (drop) { e.preventDefault(); drop.classList.add("over"); }
    });
  });
  document.addEventListener("dragleave", function (e) {
    var drop = e.target.closest && e.target.closest(".drop");
    if (drop) { drop.classList.remove("over"); }
  });
  document.addEventListener("drop", function (e) {
    var drop = e.target.closest && e.target.closest(".drop");
    if (!drop) { return; }
    e.preventDefault();
    drop.classList.remove("over");
    var input = drop.querySelector("input[type=file]");
    if (input && e.dataTransfer.files.length > 0) { input.files = e.dataTransfer.files; }
  });
}());
