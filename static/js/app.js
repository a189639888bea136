// CroCooS EWS: the little JavaScript the app needs. Loaded as a file (strict CSP, no inline code).

// <button data-confirm="Really archive?"> asks before its form is sent.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// <input list="…" data-fills="institute">: a name picked from the suggestions fills the same row's
// field named by data-fills (id_actions-0-responsible_name fills id_actions-0-responsible_institute)
// from the option's data-institute, when that field is still empty.
const fillFromSuggestion = (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.fills || !input.list) {
    return;
  }
  const option = Array.from(input.list.options).find((candidate) => candidate.value === input.value);
  const target = document.getElementById(input.id.slice(0, input.id.lastIndexOf("-") + 1) + input.dataset.fills);
  if (option && option.dataset.institute && target && target !== input && !target.value) {
    target.value = option.dataset.institute;
  }
};
document.addEventListener("change", fillFromSuggestion);
// A pick from a datalist is an input event that is no typing (Chromium: no inputType, or a replacement).
document.addEventListener("input", (event) => {
  if (!event.inputType || event.inputType === "insertReplacementText") {
    fillFromSuggestion(event);
  }
});

// A table wider than the screen scrolls sideways in its .table-responsive box. A box with nothing to
// focus inside (no link, button or field) joins the tab order while it scrolls, named after its
// table, so that the keyboard can scroll it too (WCAG 2.1.1); it leaves again when it fits.
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
const keyboardScrolling = () => {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    const needed = box.scrollWidth > box.clientWidth && !box.querySelector(FOCUSABLE);
    if (needed && !box.hasAttribute("data-keyboard-scroll")) {
      box.setAttribute("data-keyboard-scroll", "");
      box.tabIndex = 0;
      const label = box.querySelector("table[aria-labelledby]");
      if (label) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-labelledby", label.getAttribute("aria-labelledby"));
      }
    } else if (!needed && box.hasAttribute("data-keyboard-scroll")) {
      ["data-keyboard-scroll", "tabindex", "role", "aria-labelledby"].forEach((name) => box.removeAttribute(name));
    }
  });
};
keyboardScrolling();
let keyboardScrollingPending = false;
window.addEventListener("resize", () => {
  if (!keyboardScrollingPending) {
    keyboardScrollingPending = true;
    window.requestAnimationFrame(() => {
      keyboardScrollingPending = false;
      keyboardScrolling();
    });
  }
});
document.addEventListener("htmx:afterSettle", keyboardScrolling);
