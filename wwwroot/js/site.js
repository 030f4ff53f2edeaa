// Copy buttons: <button data-copy-target="#id"> copies the text of the target element.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy-target]');
  if (!button) return;
  const target = document.querySelector(button.dataset.copyTarget);
  if (!target) return;
  const text = target.value ?? target.textContent.trim();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('copy');
  }
  const label = button.innerHTML;
  button.innerHTML = '<i class="bi bi-check2" aria-hidden="true"></i> Copied';
  setTimeout(() => { button.innerHTML = label; }, 1500);
});

// htmx sends the antiforgery token with every request it makes.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers['X-CSRF-TOKEN'] = token.content;
});
