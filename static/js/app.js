// CroCooS EWS: the little JavaScript the app needs. Loaded as a file (strict CSP, no inline code).

// <button data-confirm="Really archive?"> asks before its form is sent.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
