// lettres web: a little help over plain forms that work without it.
// - files dropped on, or pasted (Ctrl-V of a screenshot) into, a file zone join its file input, so the
//   form sends them like files chosen with the button;
// - questions that no longer apply are hidden as soon as a choice changes (the server decides which);
// - the summary of errors takes the focus, so that a screen reader reads it first.
"use strict";

(function () {
  function addFiles(input, files) {
    if (!files || !files.length) { return; }
    var transfer = new DataTransfer();
    var i;
    for (i = 0; i < input.files.length; i++) { transfer.items.add(input.files[i]); }
    for (i = 0; i < files.length; i++) {
      var file = files[i];
      if (!file.name || file.name === "image.png") {
        var stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
        file = new File([file], "capture-" + stamp + "-" + (i + 1) + ".png", { type: file.type || "image/png" });
      }
      transfer.items.add(file);
    }
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function showPreviews(zone, input) {
    var list = zone.querySelector("[data-apercus]");
    if (!list) { return; }
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      if (file.type === "image/png" || file.type === "image/jpeg") {
        var image = document.createElement("img");
        image.src = URL.createObjectURL(file);
        image.alt = "Aperçu de " + file.name;
        item.appendChild(image);
      }
      var name = document.createElement("span");
      name.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " Ko) — sera ajouté à l'enregistrement";
      item.appendChild(name);
      list.appendChild(item);
    });
  }

  function zoneFor(element) {
    var zone = element && element.closest ? element.closest("[data-depot]") : null;
    return zone || document.querySelector("[data-depot]");
  }

  document.querySelectorAll("[data-depot]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    input.addEventListener("change", function () { showPreviews(zone, input); });
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("survol");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("survol"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("survol");
      addFiles(input, event.dataTransfer.files);
    });
  });

  document.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    if (!data || !data.files || !data.files.length) { return; }
    var zone = zoneFor(document.activeElement);
    if (!zone) { return; }
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    event.preventDefault();
    addFiles(input, data.files);
  });

  document.querySelectorAll("form[data-visibles]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || !target.matches("input[type=radio], input[type=checkbox], select")) { return; }
      var body = new FormData(form);
      Array.from(body.keys()).forEach(function (key) {
        if (body.getAll(key).some(function (v) { return v instanceof File; })) { body.delete(key); }
      });
      fetch(form.dataset.visibles, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (visibles) {
          form.querySelectorAll("[data-cle]").forEach(function (block) {
            var key = block.dataset.cle;
            if (Object.prototype.hasOwnProperty.call(visibles, key)) { block.hidden = !visibles[key]; }
          });
        })
        .catch(function () { /* the server decides again when the page is sent */ });
    });
  });

  var summary = document.getElementById("erreurs");
  if (summary) { summary.focus(); }
})();
