// lettres web: a little help over plain forms that work without it.
// - files dropped on, or pasted (Ctrl-V of a screenshot) into, a file zone join its file input, so the
//   form sends them like files chosen with the button;
// - questions that no longer apply are hidden, and those an answer opens are shown, as soon as an answer
//   changes (the server decides which);
// - what is typed is kept in the tab until the page is sent (a reload loses nothing);
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

  // Which questions apply, asked of the server as soon as an answer changes: those that no longer apply are
  // hidden, those the answer opens are shown (« Document provisoire délivré » once a filing date is typed);
  // the list of what is shown goes with the form, so that the server knows what the person saw.
  // Answers can come back out of order (two changes in a row): only the one to the latest question counts.
  var asked = 0;

  function refreshVisibles(form) {
    var body = new FormData(form);
    var number = ++asked;
    Array.from(body.keys()).forEach(function (key) {
      if (body.getAll(key).some(function (v) { return v instanceof File; })) { body.delete(key); }
    });
    return fetch(form.dataset.visibles, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (visibles) {
        if (number !== asked) { return; }
        var shown = [];
        form.querySelectorAll("[data-cle]").forEach(function (block) {
          var key = block.dataset.cle;
          if (Object.prototype.hasOwnProperty.call(visibles, key)) { block.hidden = !visibles[key]; }
          if (!block.hidden) { shown.push(key); }
        });
        var list = form.querySelector("[data-montrees]");
        if (list) { list.value = shown.join(" "); }
        showNotices(form, visibles._avis || {});
      })
      .catch(function () { /* the server decides again when the page is sent */ });
  }

  // A notice on an answer accepted (a titre naming no category of the lists): put beside its question as soon
  // as the answer changes, removed once it no longer applies (without the script: shown when the page comes
  // back, and on the review).
  function showNotices(form, notices) {
    Object.keys(notices).forEach(function (key) {
      var block = form.querySelector('[data-cle="' + key + '"]');
      if (!block) { return; }
      var input = block.querySelector("input, select, textarea");
      var note = block.querySelector("[data-avis-champ]");
      if (!notices[key]) {
        if (note) { note.remove(); }
        return;
      }
      if (!note) {
        note = document.createElement("p");
        note.className = "attention-champ";
        note.setAttribute("data-avis-champ", "");
        note.setAttribute("aria-live", "polite");
        note.id = (input ? input.id : key) + "-avis";
        block.insertBefore(note, input);
        if (input) {
          var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (ids.indexOf(note.id) === -1) { ids.push(note.id); }
          input.setAttribute("aria-describedby", ids.join(" "));
        }
      }
      note.textContent = "Attention : " + notices[key];
    });
  }

  document.querySelectorAll("form[data-visibles]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || !target.matches("input, select, textarea") || target.type === "file") { return; }
      refreshVisibles(form);
    });
  });

  // What is typed is kept in this tab (sessionStorage, keyed by the dossier's opaque number and the page)
  // until the page is sent: a reload before sending loses nothing. Nothing leaves the browser; the copy is
  // dropped once the server has the answers (its own draft keeps them from then on).
  var STORE = "lettres-saisie:";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name.charAt(0) !== "_" && el.name !== "empreinte" && el.name !== "retour" &&
        el.type !== "file" && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    var changed = false;
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
      var value = values[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        var checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
        if (el.checked !== checked) { el.checked = checked; changed = true; }
      } else if (typeof value === "string" && el.value !== value) {
        el.value = value;
        changed = true;
      }
    });
    return changed;
  }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  document.querySelectorAll("form[data-brouillon]").forEach(function (form) {
    var store = storage();
    if (!store) { return; }
    var key = STORE + form.dataset.brouillon;
    var sentKey = key + ":envoye";
    if (store.getItem(sentKey)) {
      // the page was sent: the server has what was typed (in the file, or in its draft with its refusals)
      store.removeItem(sentKey);
      store.removeItem(key);
    } else {
      var kept = null;
      try { kept = JSON.parse(store.getItem(key) || "null"); } catch (e) { kept = null; }
      if (kept && restore(form, kept)) {
        var note = document.createElement("p");
        note.className = "info";
        note.setAttribute("role", "status");
        note.id = "saisie-reprise";
        note.textContent = "Ce que vous aviez tapé sur cette page, pas encore enregistré, est repris.";
        form.insertBefore(note, form.firstChild);
        if (form.dataset.visibles) { refreshVisibles(form); }
      }
    }
    var save = function () { store.setItem(key, JSON.stringify(snapshot(form))); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { store.setItem(sentKey, "1"); });
    // « Abandonner le brouillon » (another form of the page): what was typed goes too
    document.querySelectorAll("form").forEach(function (other) {
      if (other === form) { return; }
      other.addEventListener("submit", function () { store.removeItem(key); });
    });
  });

  var summary = document.getElementById("erreurs");
  if (summary) { summary.focus(); }
})();
