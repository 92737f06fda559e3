// lettres web: while a long action runs (documents, PDF conversion by LibreOffice: a few seconds), its
// button says « en cours… » and cannot be pressed twice, and a status text says what is happening.
// Forms marked data-attente="…" (data-attente-pdf="…" when the PDF box is ticked). Without this script the
// forms work the same, without the progress.
"use strict";

(function () {
  function message(form) {
    var pdf = form.querySelector("input[name=pdf]");
    return (pdf && pdf.checked && form.dataset.attentePdf) || form.dataset.attente;
  }

  function statusOf(form) {
    var status = form.querySelector("[data-etat]");
    if (!status) {
      status = document.createElement("p");
      status.setAttribute("role", "status");
      status.className = "etat-attente";
      status.setAttribute("data-etat", "");
      form.appendChild(status);
    }
    return status;
  }

  document.querySelectorAll("form[data-attente]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.envoye) { event.preventDefault(); return; }  // one click is enough
      form.dataset.envoye = "1";
      var button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
      statusOf(form).textContent = message(form);
      if (button) {
        button.dataset.texte = button.textContent;
        button.textContent = "En cours…";
        button.setAttribute("aria-busy", "true");
        // disabled after the form's data is taken: a disabled button would not send its name and value
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });

  // Back or Forward to a page kept by the browser: the buttons work again
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-attente]").forEach(function (form) {
      delete form.dataset.envoye;
      var status = form.querySelector("[data-etat]");
      if (status) { status.textContent = ""; }
      form.querySelectorAll("button[data-texte]").forEach(function (button) {
        button.textContent = button.dataset.texte;
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
