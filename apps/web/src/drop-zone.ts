/**
 * Makes `zone` accept dropped files and, with Enter, Space or a click, open the file picker `input`; calls
 * `onFile` with the first file either way. Does nothing while the zone has `aria-disabled="true"`.
 */
export function wireDropZone(zone: HTMLElement, input: HTMLInputElement, onFile: (file: File) => void): void {
  const enabled = (): boolean => zone.getAttribute('aria-disabled') !== 'true';
  const take = (files: FileList | null | undefined): void => {
    const file = files?.[0];
    if (file != null && enabled()) onFile(file);
  };
  zone.addEventListener('click', () => {
    if (enabled()) input.click();
  });
  zone.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && enabled()) {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = enabled() ? 'copy' : 'none';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    take(event.dataTransfer?.files);
  });
  input.addEventListener('change', () => {
    take(input.files);
    input.value = '';
  });
  // A file dropped anywhere else must not make the browser navigate away from the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}
