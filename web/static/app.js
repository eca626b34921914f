/*
 * app.js - the little the portal does in the browser: ask before a form
 * marked data-confirm is sent. Pages work without it.
 */
document.addEventListener('submit', (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
