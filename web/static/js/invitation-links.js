// One-time invitation links (the People page's, a roster import's): shown as full addresses of this
// site, ready to hand out, and the People page's copied with one click (the clipboard needs a secure
// context; elsewhere the link is selected for Ctrl+C).
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('code.invitation[data-path]').forEach((code) => {
    code.textContent = new URL(code.dataset.path, window.location.origin).href;
  });
  const link = document.getElementById('invitation-link');
  if (!link) return;
  link.value = new URL(link.dataset.path, window.location.origin).href;
  document.getElementById('copy-invitation').addEventListener('click', async (event) => {
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      event.target.textContent = 'Copied';
    } catch (e) {
      event.target.textContent = 'Press Ctrl+C';
    }
  });
});
