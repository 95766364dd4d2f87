// Consilience web app: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Asking reads many papers: say so while the answer page loads.
  for (const form of document.querySelectorAll("form.ask")) {
    form.addEventListener("submit", () => {
      const busy = form.querySelector(".busy");
      const button = form.querySelector("button[type=submit]");
      if (busy) busy.hidden = false;
      if (button) button.setAttribute("aria-disabled", "true");
    });
  }

  // Choosing another audience switches the article at once (the button stays for no-JS use).
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }

  // A citation moves keyboard focus to the card or reference it points at.
  for (const link of document.querySelectorAll("a.cite")) {
    link.addEventListener("click", () => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        target.classList.add("flash");
        window.setTimeout(() => target.classList.remove("flash"), 1600);
        target.focus({ preventScroll: true });
      }
    });
  }
});
