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
