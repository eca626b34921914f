/*
 * certificate.js - the printable certificate's "print" button.
 */
(function () {
  const button = document.querySelector('[data-print]');
  if (button) button.addEventListener('click', () => window.print());
})();
